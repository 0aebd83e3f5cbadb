import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import type { Lang } from "./strategy/catalog.ts";

/** The guide's profile and tool setup checklist (§13 `exec.setup`), per channel, with the guide's reasons. */
export const SETUP_ITEMS = [
  { key: "handle", en: ["A professional handle", "Customers find and trust a name that matches the business everywhere."], ko: ["전문적인 계정 이름", "어디서나 사업체와 같은 이름이어야 고객이 찾고 믿습니다."] },
  { key: "links", en: ["Profile and landing-page links", "Every profile should lead to a page where the visitor can act (buy, ask, subscribe)."], ko: ["프로필과 랜딩 페이지 링크", "모든 프로필은 방문자가 행동할 수 있는 페이지(구매, 문의, 구독)로 이어져야 합니다."] },
  { key: "two_factor", en: ["Two-factor authentication on", "A hijacked account loses followers, money and trust; a second factor stops most takeovers."], ko: ["2단계 인증 켜기", "계정을 빼앗기면 팔로워, 돈, 신뢰를 잃습니다. 2단계 인증은 대부분의 탈취를 막습니다."] },
  { key: "business_email", en: ["Registered with a business email", "Accounts stay with the business, not with a person who may leave."], ko: ["업무용 이메일로 가입", "계정이 떠날 수 있는 개인이 아니라 사업체에 남습니다."] },
  { key: "password", en: ["Strong password in a password manager", "Long, unique passwords, shared safely within the team."], ko: ["비밀번호 관리자에 보관한 강한 비밀번호", "길고 고유한 비밀번호를 팀 안에서 안전하게 공유합니다."] },
  { key: "monthly_billing", en: ["Billed monthly while still testing", "Start slowly, test, then decide; no annual plan paid up front."], ko: ["시험하는 동안은 월 결제", "천천히 시작해 시험해 보고 결정하세요. 연간 요금을 미리 내지 마세요."] },
] as const satisfies readonly ({ key: string } & Record<Lang, readonly [string, string]>)[];
export type SetupItemKey = (typeof SETUP_ITEMS)[number]["key"];
export const SETUP_ITEM_KEYS = SETUP_ITEMS.map((i) => i.key) as [SetupItemKey, ...SetupItemKey[]];

export const setupItemSchema = z.object({
  id: idSchema.nullable(),
  key: z.enum(SETUP_ITEM_KEYS).nullable(),
  label: z.string(),
  reason: z.string(),
  done: z.boolean(),
  doneBy: z.string().nullable(),
  doneAt: timestampSchema.nullable(),
});
export const setupChannelSchema = z.object({ channelId: idSchema, items: z.array(setupItemSchema) });
export const setupSchema = z.object({ channels: z.array(setupChannelSchema) });
export type Setup = z.infer<typeof setupSchema>;

export const setupDoneSchema = z.object({ done: z.boolean() }).strict();
export const setupCustomItemSchema = z.object({ label: z.string().trim().min(1).max(200) }).strict();
export const setupStandardParamsSchema = z.object({ workspaceId: idSchema, channelId: idSchema, key: z.enum(SETUP_ITEM_KEYS) });
export const setupChannelParamsSchema = z.object({ workspaceId: idSchema, channelId: idSchema });
export const setupItemParamsSchema = z.object({ workspaceId: idSchema, itemId: idSchema });
