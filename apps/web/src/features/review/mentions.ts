/**
 * Typing "@" in a comment offers the workspace's members; choosing one writes "@Their Name ", the form the server
 * looks for when it notifies the people named in a comment (Korean names too: "@김민지").
 */

/** The mention being typed just before the caret: where its "@" is and what follows it; null when there is none. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  // An "@" after Latin letters or digits is an e-mail address, not a mention (Korean may run into it: "안녕@민지").
  if (at > 0 && /[A-Za-z0-9_.+-]/.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  // Names have spaces ("Mina Park"), but a mention does not run over a line or a long stretch of text.
  if (/[\n\r@]/.test(query) || query.length > 40 || (query.match(/ /g)?.length ?? 0) > 2) return null;
  return { start: at, query };
}

/**
 * Member names that fit what follows the "@", best first: names that start with it, then names with a word that
 * does; case does not matter. An empty query offers everyone (in the order given).
 */
export function suggestMembers(names: readonly string[], query: string, limit = 6): string[] {
  const q = query.trim().toLocaleLowerCase();
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (!q) return unique.slice(0, limit);
  const starts = unique.filter((n) => n.toLocaleLowerCase().startsWith(q));
  const words = unique.filter((n) => !starts.includes(n) && n.toLocaleLowerCase().split(/\s+/).some((w) => w.startsWith(q)));
  return [...starts, ...words].slice(0, limit);
}

/** The text with the mention being typed (from its "@" to the caret) replaced by "@Name ", and the caret after it. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** A comment cut into plain text and mentions of known members, so that the mentions can be shown apart. */
export function splitMentions(body: string, names: readonly string[]): { text: string; mention: boolean }[] {
  const known = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  const lower = body.toLocaleLowerCase();
  let plain = "";
  for (let i = 0; i < body.length; ) {
    const name = body[i] === "@" ? known.find((n) => lower.startsWith(`@${n.toLocaleLowerCase()}`, i)) : undefined;
    if (name) {
      if (plain) parts.push({ text: plain, mention: false });
      plain = "";
      parts.push({ text: body.slice(i, i + name.length + 1), mention: true });
      i += name.length + 1;
    } else {
      plain += body[i];
      i += 1;
    }
  }
  if (plain) parts.push({ text: plain, mention: false });
  return parts;
}
