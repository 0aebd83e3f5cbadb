/** {{placeholders}} of a message: `{ name: "Mina" }`. */
export type MessageParams = Record<string, string | number>;

/** The string at a dotted key ("auth.locked") of a message tree, if there is one. */
export function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Fills a message's {{placeholders}}; one without a value stays as it is. */
export const fill = (template: string, params: MessageParams): string => template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));

/** A request field's own name: the last part of its path that is not an index ("variants.0.text" → "text"). */
export const lastSegment = (path: string): string => path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? path;
