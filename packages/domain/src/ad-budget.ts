import { splitEvenly } from "./budget.ts";

export type AdTarget = "revenue" | "orders" | "leads" | "followers";

export interface AdBudgetInput {
  readonly targetKind: AdTarget;
  /** Revenue in minor units; otherwise a count. */
  readonly target: number;
  /** Average order value in minor units; needed for a revenue target. */
  readonly averageOrderValue?: number;
  /** Share of clicks that convert (become an order, a lead or a follower), 0 < rate ≤ 1. */
  readonly conversionRate: number;
  readonly pricing: { readonly model: "cpc"; readonly costPerClick: number; readonly clickThroughRate?: number } | { readonly model: "cpm"; readonly costPerMille: number; readonly clickThroughRate: number };
  /** Months of the goal's time frame. */
  readonly months: number;
}

export interface AdBudget {
  readonly conversions: number;
  readonly clicks: number;
  /** null when paying per click without a click-through rate to derive them from. */
  readonly impressions: number | null;
  readonly total: number;
  readonly perMonth: readonly number[];
  /** The formula used, with the inputs filled in, for the screen (numbers unformatted). */
  readonly steps: readonly string[];
}

/**
 * The guide's "ad budget that fits your business goals": from a goal to the clicks, impressions and money needed.
 * Everything rounds up: half a click cannot be bought, and a budget that falls short by a cent misses the goal.
 */
export function adBudget(input: AdBudgetInput): AdBudget {
  if (!(input.conversionRate > 0 && input.conversionRate <= 1)) throw new RangeError("conversion rate must be above 0 and at most 1");
  const steps: string[] = [];
  let conversions = input.target;
  if (input.targetKind === "revenue") {
    if (!input.averageOrderValue || input.averageOrderValue <= 0) throw new RangeError("a revenue target needs an average order value");
    conversions = Math.ceil(input.target / input.averageOrderValue);
    steps.push(`orders = ⌈revenue ÷ average order value⌉ = ⌈${input.target} ÷ ${input.averageOrderValue}⌉ = ${conversions}`);
  }
  const clicks = Math.ceil(conversions / input.conversionRate);
  steps.push(`clicks = ⌈${input.targetKind === "revenue" ? "orders" : input.targetKind} ÷ conversion rate⌉ = ⌈${conversions} ÷ ${input.conversionRate}⌉ = ${clicks}`);
  let impressions: number | null = null;
  let total: number;
  const ctr = input.pricing.clickThroughRate;
  if (ctr !== undefined) {
    if (!(ctr > 0 && ctr <= 1)) throw new RangeError("click-through rate must be above 0 and at most 1");
    impressions = Math.ceil(clicks / ctr);
    steps.push(`impressions = ⌈clicks ÷ click-through rate⌉ = ⌈${clicks} ÷ ${ctr}⌉ = ${impressions}`);
  }
  if (input.pricing.model === "cpc") {
    total = clicks * input.pricing.costPerClick;
    steps.push(`budget = clicks × cost per click = ${clicks} × ${input.pricing.costPerClick} = ${total}`);
  } else {
    total = Math.ceil((impressions! * input.pricing.costPerMille) / 1000);
    steps.push(`budget = ⌈impressions × CPM ÷ 1000⌉ = ⌈${impressions} × ${input.pricing.costPerMille} ÷ 1000⌉ = ${total}`);
  }
  const months = Math.max(1, Math.round(input.months));
  steps.push(`per month = budget ÷ ${months}`);
  return { conversions, clicks, impressions, total, perMonth: splitEvenly(total, months), steps };
}
