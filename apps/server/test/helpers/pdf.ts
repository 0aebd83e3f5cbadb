import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** The text a PDF reader finds on every page (what a user could select and copy). */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    text += content.items.map((item) => ("str" in item ? item.str : "")).join("") + "\n";
  }
  return text;
}
