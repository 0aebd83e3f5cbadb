/** Margin figures for one product; money in integer minor units of the workspace currency. */
export interface Margin {
  /** price − unit cost, per unit sold */
  readonly profitMinor: number;
  /** profit as a share of the price, in percent; null when the price is zero */
  readonly marginPercent: number | null;
  /** profit as a share of the unit cost, in percent; null when the cost is zero */
  readonly markupPercent: number | null;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);

/** The guide's margin calculator (`price.margin`): unit cost and price → margin %, markup %, profit per unit. */
export function margin(priceMinor: number, unitCostMinor: number): Margin {
  if (!Number.isSafeInteger(priceMinor) || !Number.isSafeInteger(unitCostMinor)) {
    throw new RangeError("money must be integer minor units");
  }
  const profitMinor = priceMinor - unitCostMinor;
  return { profitMinor, marginPercent: percent(profitMinor, priceMinor), markupPercent: percent(profitMinor, unitCostMinor) };
}

/** The price that gives a wanted margin (percent of the price) on a unit cost, rounded up to a whole minor unit. */
export function priceForMargin(unitCostMinor: number, marginPercent: number): number | null {
  if (marginPercent >= 100) return null;
  return Math.ceil(unitCostMinor / (1 - marginPercent / 100));
}
