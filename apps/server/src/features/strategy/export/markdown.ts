import type { Block } from "@socialplan/schema";

/** Markdown: headings, bold questions, bullet lists and pipe tables (cells escaped). */
export function toMarkdown(blocks: readonly Block[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "title":
        out.push(`# ${b.text}`, "");
        break;
      case "heading":
        out.push(`${"#".repeat(b.level)} ${b.text}`, "");
        break;
      case "paragraph":
        out.push(b.muted ? `_${b.text}_` : b.text, "");
        break;
      case "answer":
        out.push(`**${b.question}**`, "");
        out.push(...(Array.isArray(b.answer) ? b.answer.map((a) => `- ${a}`) : [b.answer]), "");
        break;
      case "table":
        out.push(`| ${b.columns.map(cell).join(" | ")} |`, `| ${b.columns.map(() => "---").join(" | ")} |`, ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`), "");
        break;
    }
  }
  return out.join("\n");
}
