import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** The text a reader can select in a PDF, all pages joined. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= pdf.numPages; i++) text += (await (await pdf.getPage(i)).getTextContent()).items.map((it) => ("str" in it ? it.str : "")).join("");
  return text;
}
