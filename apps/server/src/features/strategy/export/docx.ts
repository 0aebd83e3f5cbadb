import { xmlSafeText, type Block } from "@socialplan/schema";
import { safeBlocks } from "./safe-text.ts";

/** A Word document: real headings (navigable), bold questions, bullet lists and tables. */
export async function toDocx(blocks: readonly Block[], title: string): Promise<Buffer> {
  const { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import("docx");
  const font = { ascii: "Calibri", hAnsi: "Calibri", eastAsia: "Malgun Gothic" };
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [];
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  const border = { style: BorderStyle.SINGLE, size: 4, color: "BBBBBB" };
  for (const b of safeBlocks(blocks)) {
    switch (b.type) {
      case "title":
        children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: b.text, font })] }));
        break;
      case "heading":
        children.push(new Paragraph({ heading: levels[b.level], children: [new TextRun({ text: b.text, font })] }));
        break;
      case "paragraph":
        children.push(new Paragraph({ children: [new TextRun({ text: b.text, italics: b.muted ?? false, font })] }));
        break;
      case "answer":
        children.push(new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: b.question, bold: true, font })] }));
        for (const line of Array.isArray(b.answer) ? b.answer : [b.answer]) {
          children.push(new Paragraph({ ...(Array.isArray(b.answer) ? { bullet: { level: 0 } } : {}), children: [new TextRun({ text: line, font })] }));
        }
        break;
      case "table":
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [b.columns, ...b.rows].map(
              (row, i) =>
                new TableRow({
                  tableHeader: i === 0,
                  children: row.map(
                    (text) =>
                      new TableCell({
                        borders: { top: border, bottom: border, left: border, right: border },
                        children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text, bold: i === 0, font })] })],
                      }),
                  ),
                }),
            ),
          }),
        );
        children.push(new Paragraph({ children: [] }));
        break;
    }
  }
  const doc = new Document({ title: xmlSafeText(title), creator: "Socialplan", sections: [{ children }] });
  return Packer.toBuffer(doc);
}
