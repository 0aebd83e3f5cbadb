import { z } from "zod";
import { idSchema } from "./common.ts";
import { amountSchema } from "./budget.ts";
import { dateSchema, daysFromTo, webAddressSchema } from "./vocabulary.ts";
import type { Lang } from "./strategy/catalog.ts";

/** The tools the guide recommends (§14), with what each is for. */
export const RECOMMENDED_TOOLS = [
  { key: "semrush", name: "SEMrush", url: "https://www.semrush.com", en: "Competitor research: their traffic, keywords and ads.", ko: "경쟁사 조사: 트래픽, 키워드, 광고." },
  { key: "linkedin", name: "LinkedIn", url: "https://www.linkedin.com", en: "Persona research: what your buyers do and care about.", ko: "페르소나 조사: 구매자가 하는 일과 관심사." },
  { key: "google_analytics", name: "Google Analytics", url: "https://analytics.google.com", en: "Traffic from social media to your website, with UTM tags.", ko: "UTM 태그로 소셜 미디어에서 웹사이트로 오는 트래픽 분석." },
  { key: "buffer", name: "Buffer", url: "https://buffer.com", en: "Scheduling and managing posts.", ko: "게시물 예약과 관리." },
  { key: "canva", name: "Canva", url: "https://www.canva.com", en: "Graphics for posts and ads.", ko: "게시물과 광고용 그래픽." },
  { key: "unsplash", name: "Unsplash", url: "https://unsplash.com", en: "Free images for commercial use.", ko: "상업적으로 쓸 수 있는 무료 이미지." },
  { key: "ecwid", name: "Ecwid", url: "https://www.ecwid.com", en: "Online shop: products and payments.", ko: "온라인 상점: 상품과 결제." },
  { key: "trello", name: "Trello", url: "https://trello.com", en: "Team boards for tasks.", ko: "팀 작업 보드." },
] as const satisfies readonly ({ key: string; name: string; url: string } & Record<Lang, string>)[];
export type RecommendedToolKey = (typeof RECOMMENDED_TOOLS)[number]["key"];
export const RECOMMENDED_TOOL_KEYS = RECOMMENDED_TOOLS.map((t) => t.key) as [RecommendedToolKey, ...RecommendedToolKey[]];

export const TOOL_PLANS = ["free", "monthly", "annual"] as const;
export const toolPlanSchema = z.enum(TOOL_PLANS);

export const toolSchema = z.object({
  id: idSchema.nullable(),
  /** Set for the guide's recommended tools. */
  key: z.enum(RECOMMENDED_TOOL_KEYS).nullable(),
  name: z.string(),
  purpose: z.string(),
  url: z.string(),
  used: z.boolean(),
  plan: toolPlanSchema,
  /** Per billing period (month or year), in minor units. */
  cost: amountSchema,
  /** When the business started trying it (YYYY-MM-DD); the guide advises a month before paying a year. */
  tryingSince: z.string().nullable(),
  budgetLineId: idSchema.nullable(),
});
export type Tool = z.infer<typeof toolSchema>;
export const toolsSchema = z.array(toolSchema);

const toolFields = {
  used: z.boolean(),
  plan: toolPlanSchema,
  cost: amountSchema,
  tryingSince: dateSchema.nullable(),
};
export const saveRecommendedToolSchema = z.object(toolFields).partial().strict();
export const createToolSchema = z
  .object({ name: z.string().trim().min(1).max(120), purpose: z.string().max(500).optional(), url: webAddressSchema(500).optional(), ...toolFields })
  .partial({ used: true, plan: true, cost: true, tryingSince: true })
  .strict();
export const updateToolSchema = z
  .object({ name: z.string().trim().min(1).max(120), purpose: z.string().max(500), url: webAddressSchema(500), ...toolFields })
  .partial()
  .strict();
export type SaveTool = z.infer<typeof updateToolSchema>;
export const recommendedToolParamsSchema = z.object({ workspaceId: idSchema, key: z.enum(RECOMMENDED_TOOL_KEYS) });
export const toolParamsSchema = z.object({ workspaceId: idSchema, toolId: idSchema });

/** The guide: start slowly, test, then decide — no annual plan before a month of trying. */
export function annualPlanAdvice(tool: Pick<Tool, "plan" | "tryingSince" | "used">, today: string): boolean {
  if (tool.plan !== "annual") return false;
  if (!tool.tryingSince) return true;
  return daysFromTo(tool.tryingSince, today) < 30;
}
