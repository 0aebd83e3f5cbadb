import { xmlSafeText, type Block } from "@socialplan/schema";

/**
 * The blocks with every text reduced to characters XML 1.0 allows. Text is cleaned when it is saved; this is the
 * second line, for anything stored before that (or imported another way): one stray character would make Word
 * refuse the whole document.
 */
export function safeBlocks(blocks: readonly Block[]): Block[] {
  return blocks.map((b): Block => {
    switch (b.type) {
      case "title":
      case "heading":
      case "paragraph":
        return { ...b, text: xmlSafeText(b.text) };
      case "answer":
        return { ...b, question: xmlSafeText(b.question), answer: Array.isArray(b.answer) ? b.answer.map(xmlSafeText) : xmlSafeText(b.answer) };
      case "table":
        return { ...b, columns: b.columns.map(xmlSafeText), rows: b.rows.map((r) => r.map(xmlSafeText)) };
    }
  });
}
