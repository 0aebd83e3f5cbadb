/** Anything that wears some of the guide's responsibilities ("hats"). */
export interface HatWearer<H extends string> {
  readonly hats: readonly H[];
}

/** The hats from `all` that no member wears, in the order of `all`. */
export function uncoveredHats<H extends string>(all: readonly H[], members: readonly HatWearer<H>[]): H[] {
  const worn = new Set(members.flatMap((m) => m.hats));
  return all.filter((hat) => !worn.has(hat));
}

/** For each hat, how many members wear it (a hat worn by one person is a single point of failure). */
export function hatCoverage<H extends string>(all: readonly H[], members: readonly HatWearer<H>[]): Record<H, number> {
  const counts = Object.fromEntries(all.map((h) => [h, 0])) as Record<H, number>;
  for (const m of members) for (const h of new Set(m.hats)) if (h in counts) counts[h] += 1;
  return counts;
}
