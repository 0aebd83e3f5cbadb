import { minorUnitDigits, periodMonths, type BudgetCategory, type StrategyPeriod } from "@socialplan/domain";
import type { Locale } from "@socialplan/schema";

export interface SampleLine {
  name: string;
  category: BudgetCategory;
  trackActuals: boolean;
  planned: Record<string, number>;
  actual: Record<string, number>;
}

type Def = [en: string, ko: string, category: BudgetCategory, monthly: number | ((m: number) => number), actuals: number[] | null];

// A small shop's year, in a "dollar-sized" unit: the guide's four categories of spending tied to social media.
const LINES: Def[] = [
  ["Canva Pro (design)", "캔바 프로 (디자인)", "software", 15, null],
  ["Stock images", "스톡 이미지", "software", 29, null],
  ["Video editor", "동영상 편집기", "software", 20, null],
  ["Instagram ads", "인스타그램 광고", "ads", 250, [180, 260]],
  ["Facebook ads", "페이스북 광고", "ads", 100, [100, 60]],
  ["Product photographer", "제품 사진작가", "services", (m) => (m % 3 === 0 ? 400 : 0), [400]],
  ["Copywriter", "카피라이터", "services", 150, [150, 150]],
  ["Domain name", "도메인", "assets", (m) => (m === 0 ? 20 : 0), null],
  ["Web hosting", "웹 호스팅", "assets", 25, null],
];

/**
 * The guide's sample budget (`budget.sample`) for the workspace's period and currency: amounts are scaled to
 * the currency (×1,000 for currencies without a minor unit such as KRW or JPY), with actuals for the first
 * months so that rollover shows at once.
 */
export function sampleBudget(locale: Locale, period: StrategyPeriod, currency: string): SampleLine[] {
  const digits = minorUnitDigits(currency);
  const scale = digits === 0 ? 1000 : 10 ** digits;
  const months = periodMonths(period);
  return LINES.map(([en, ko, category, monthly, actuals]) => {
    const planned: Record<string, number> = {};
    months.forEach((month, i) => {
      const v = typeof monthly === "number" ? monthly : monthly(i);
      if (v > 0) planned[month] = v * scale;
    });
    const actual: Record<string, number> = {};
    (actuals ?? []).forEach((v, i) => {
      if (months[i]) actual[months[i]!] = v * scale;
    });
    return { name: locale === "ko" ? ko : en, category, trackActuals: actuals !== null, planned, actual };
  });
}
