import { daysBetween, formatDate, parseDate } from "./dates.ts";

/** One measured value of a KPI on a day ("YYYY-MM-DD"). */
export interface Point {
  date: string;
  value: number;
}

export interface Fit {
  kind: "linear" | "log-linear";
  /** Value per day (linear) or growth factor per day minus one (log-linear), for display. */
  ratePerDay: number;
  /** Share of the variance the fit explains, 0..1 (in the fitted space). */
  r2: number;
  /** The fitted value on a day. */
  at(date: string): number;
}

export type ForecastVerdict = "reached" | "on_track" | "behind" | "no_trend" | "too_little_data";

export interface GoalForecast {
  verdict: ForecastVerdict;
  /** Latest measured value, or null without data. */
  current: number | null;
  /** Progress from baseline to target, 0..100 (can pass 100 or go below 0 when the number moved the other way). */
  progress: number | null;
  /** What is still needed per week, from today to the deadline, to reach the target in time (null once it is past). */
  neededPerWeek: number | null;
  /** The better of the two fits, when there is enough data. */
  fit: Fit | null;
  /** The day the trend reaches the target, or null (no data, or it never does). */
  forecastDate: string | null;
  /** Why the verdict is what it is, as a message key. */
  reason: string;
}

/** Fewer measurements or a shorter span than this is too little to call a trend. */
export const MIN_POINTS = 4;
export const MIN_SPAN_DAYS = 14;
const MAX_FORECAST_DAYS = 3650;

function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

/**
 * Fits a straight line and an exponential curve (a line through the logarithms; only when every value is above
 * zero) to the points by least squares and returns the better one. The comparison is made in the data's own
 * units (sum of squared errors), so the two fits are judged on the same scale.
 */
export function bestFit(points: readonly Point[]): Fit | null {
  if (points.length < 2) return null;
  const origin = points[0]!.date;
  const start = parseDate(origin);
  const xs = points.map((p) => Math.round((parseDate(p.date) - start) / 86_400_000));
  const ys = points.map((p) => p.value);
  const lin = leastSquares(xs, ys);
  // Each fit as a function of the day number (from the first point), and of a date for callers.
  const linearAt = (x: number) => lin.intercept + lin.slope * x;
  const linear: Fit = { kind: "linear", ratePerDay: lin.slope, r2: lin.r2, at: (d) => linearAt(daysBetween(origin, d)) };
  if (ys.some((y) => y <= 0)) return linear;
  const log = leastSquares(xs, ys.map(Math.log));
  const logAt = (x: number) => Math.exp(log.intercept + log.slope * x);
  const logLinear: Fit = { kind: "log-linear", ratePerDay: Math.exp(log.slope) - 1, r2: log.r2, at: (d) => logAt(daysBetween(origin, d)) };
  const sse = (at: (x: number) => number) => xs.reduce((s, x, i) => s + (at(x) - ys[i]!) ** 2, 0);
  return sse(logAt) < sse(linearAt) ? logLinear : linear;
}

/** The first day from `from` on which the fit reaches `target` (in the goal's direction), within ten years. */
function reachDate(fit: Fit, from: string, target: number, increase: boolean): string | null {
  const reached = (v: number) => (increase ? v >= target : v <= target);
  if (reached(fit.at(from))) return from;
  // The fits are monotonic: step by a day up to ten years, by bisection over the day count.
  const day = (n: number) => formatDate(parseDate(from) + n * 86_400_000);
  if (!reached(fit.at(day(MAX_FORECAST_DAYS)))) return null;
  let lo = 0;
  let hi = MAX_FORECAST_DAYS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(fit.at(day(mid)))) hi = mid;
    else lo = mid;
  }
  return day(hi);
}

/**
 * How a SMART goal's KPI stands (guide §7): progress from baseline to target, the pace still needed per week, and
 * a forecast date from the trend of the measurements. With fewer than four measurements or under two weeks of them
 * it says so instead of guessing.
 */
export function forecastGoal(input: { points: readonly Point[]; baseline: number; target: number; deadline: string; today: string; direction?: "increase" | "decrease" }): GoalForecast {
  const increase = (input.direction ?? (input.target >= input.baseline ? "increase" : "decrease")) === "increase";
  // ISO dates sort as plain strings (a locale-aware comparison costs far more over years of days).
  const points = [...input.points].filter((p) => Number.isFinite(p.value)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = points.at(-1) ?? null;
  const current = last?.value ?? null;
  const span = input.target - input.baseline;
  const progress = current === null ? null : span === 0 ? 100 : ((current - input.baseline) / span) * 100;
  // From today, as the screen says ("per week from now"): the days since the last measurement are already gone.
  const daysLeft = daysBetween(input.today, input.deadline);
  const remaining = input.target - (current ?? input.baseline);
  const neededPerWeek = daysLeft > 0 ? (remaining / daysLeft) * 7 : null;
  const base = { current, progress, neededPerWeek };
  if (current !== null && (increase ? current >= input.target : current <= input.target)) {
    return { ...base, verdict: "reached", fit: bestFit(points), forecastDate: last!.date, reason: "forecast.reached" };
  }
  if (points.length < MIN_POINTS || daysBetween(points[0]!.date, last!.date) < MIN_SPAN_DAYS) {
    return { ...base, verdict: "too_little_data", fit: null, forecastDate: null, reason: "forecast.too_little_data" };
  }
  const fit = bestFit(points)!;
  const forecastDate = reachDate(fit, last!.date, input.target, increase);
  if (!forecastDate) return { ...base, verdict: "no_trend", fit, forecastDate: null, reason: "forecast.not_reaching" };
  return { ...base, verdict: forecastDate <= input.deadline ? "on_track" : "behind", fit, forecastDate, reason: forecastDate <= input.deadline ? "forecast.on_track" : "forecast.behind" };
}
