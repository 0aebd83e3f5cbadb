import { createRequire } from "node:module";
import fs from "node:fs";
import { xmlSafeText, type Block } from "@socialplan/schema";
import { safeBlocks } from "./safe-text.ts";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Noto Sans KR covers Hangul and Latin; it ships as an npm package and is read once, on the first export. */
function loadFonts() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf")),
    bold: fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf")),
  };
  return fonts;
}

/** A4 PDF with the fonts embedded (subset to the characters used), so Korean renders in every reader. */
export async function toPdf(blocks: readonly Block[], title: string): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: xmlSafeText(title) }, lang: "ko", displayTitle: true, bufferPages: false });
  doc.registerFont("body", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const muted = "#555555";
  for (const b of safeBlocks(blocks)) {
    switch (b.type) {
      case "title":
        doc.font("bold").fontSize(20).fillColor("#0b7285").text(b.text, { paragraphGap: 6 });
        break;
      case "heading":
        if (b.level === 2) doc.moveDown(0.8);
        doc.font("bold").fontSize(b.level === 1 ? 18 : b.level === 2 ? 15 : 12.5).fillColor(b.level === 2 ? "#0b7285" : "#111111").text(b.text, { paragraphGap: 4 });
        break;
      case "paragraph":
        doc.font("body").fontSize(10.5).fillColor(b.muted ? muted : "#111111").text(b.text, { paragraphGap: 6 });
        break;
      case "answer":
        doc.font("bold").fontSize(10.5).fillColor("#333333").text(b.question, { paragraphGap: 2 });
        doc.font("body").fontSize(10.5).fillColor("#111111");
        if (Array.isArray(b.answer)) doc.list(b.answer, { bulletRadius: 1.6, textIndent: 10, paragraphGap: 1 });
        else doc.text(b.answer, { paragraphGap: 2 });
        doc.moveDown(0.5);
        break;
      case "table":
        doc.font("body").fontSize(9.5).fillColor("#111111");
        doc.table({
          data: [b.columns, ...b.rows],
          defaultStyle: { padding: 3, border: 0.5, borderColor: "#bbbbbb" },
          rowStyles: (row) => (row === 0 ? { backgroundColor: "#e3f2ef" } : undefined),
        });
        doc.moveDown(0.6);
        break;
    }
  }
  doc.end();
  return done;
}
