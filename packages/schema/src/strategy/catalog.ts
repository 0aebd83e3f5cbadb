/**
 * The question catalog: one entry per ID of the guide (`shared/spec/guide.md`), in the guide's order, with its
 * section, where its answer lives, how it is entered, and its wording and help in English and Korean.
 * The strategy screens, completeness, exports and the guide map are all built from this list, so adding a
 * question is adding an entry here.
 */

export type Lang = "en" | "ko";
export interface Wording {
  readonly label: string;
  readonly help?: string;
}

/** How an answer is entered. Structured inputs have their own editors (a KPI, a timeline, a table…). */
export type InputType =
  | "text"
  | "long"
  | "list"
  | "yesno"
  | "choice"
  | "networks"
  | "money"
  | "percent"
  | "holidays"
  | "hat"
  | "kpi"
  | "timeframe"
  | "daterange"
  | "member"
  | "margin"
  | "stats"
  | "swot"
  | "flag"
  | "number"
  | "contentTypes"
  | "feature";

/** Where the strategy keeps its answers: one record per workspace (a section) or many (a collection). */
export const SECTION_KINDS = ["outline", "company", "mission", "swot", "geo", "industry", "distribution", "journey"] as const;
export const COLLECTION_KINDS = ["review", "goal", "initiative", "persona", "competitor", "product", "channel"] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
export type CollectionKind = (typeof COLLECTION_KINDS)[number];
export type EntryKind = SectionKind | CollectionKind;
export const ENTRY_KINDS: readonly EntryKind[] = [...SECTION_KINDS, ...COLLECTION_KINDS];
export const isSectionKind = (k: string): k is SectionKind => (SECTION_KINDS as readonly string[]).includes(k);

/** Features of later parts of the product, named by the guide map until they exist. */
export type Feature = "hats" | "budget" | "roadmap" | "setup" | "calendar" | "board" | "storage" | "tracking" | "reports" | "tools";
export const AVAILABLE_FEATURES: readonly Feature[] = ["hats", "budget", "tools", "board", "setup", "roadmap", "storage", "calendar", "tracking", "reports"];

export type Store =
  | { readonly kind: EntryKind; readonly field: string }
  | { readonly feature: Feature };

export interface Question {
  readonly id: string;
  /** The guide's section number, e.g. "9.3". */
  readonly guide: string;
  /** The product page it belongs to. */
  readonly page: PageKey;
  readonly input: InputType;
  readonly store: Store;
  readonly options?: readonly string[];
  /** For outline questions: the page whose content also answers it. */
  readonly answeredBy?: readonly PageKey[];
  readonly en: Wording;
  readonly ko: Wording;
}

export const PAGES = [
  "outline",
  "reviews",
  "company",
  "mission",
  "people",
  "swot",
  "goals",
  "initiatives",
  "market",
  "personas",
  "competitors",
  "products",
  "distribution",
  "journey",
  "channels",
  "budget",
  "execution",
  "tools",
] as const;
export type PageKey = (typeof PAGES)[number];

/** Pages of the strategy (guide sections 1–11) in the order of the strategy's table of contents. */
export const STRATEGY_PAGES: readonly PageKey[] = PAGES.slice(0, 15);

export const PAGE_TITLES: Record<PageKey, { en: string; ko: string; guide: string }> = {
  outline: { guide: "1", en: "Strategy outline", ko: "전략 개요" },
  reviews: { guide: "2", en: "Check-ins", ko: "점검 회의" },
  company: { guide: "3", en: "Company overview", ko: "회사 개요" },
  mission: { guide: "4", en: "Mission statement", ko: "사명 선언문" },
  people: { guide: "5", en: "People and roles", ko: "사람과 역할" },
  swot: { guide: "6", en: "SWOT", ko: "SWOT 분석" },
  goals: { guide: "7", en: "SMART goals", ko: "SMART 목표" },
  initiatives: { guide: "8", en: "Initiatives", ko: "실행 계획" },
  market: { guide: "9.1–9.2", en: "Geography and industry", ko: "지역과 산업" },
  personas: { guide: "9.3", en: "Buyer personas", ko: "구매자 페르소나" },
  competitors: { guide: "9.4", en: "Competitors", ko: "경쟁사" },
  products: { guide: "10.1–10.2", en: "Products and prices", ko: "제품과 가격" },
  distribution: { guide: "10.3", en: "Distribution", ko: "유통" },
  journey: { guide: "10.4", en: "Customer journey", ko: "고객 여정" },
  channels: { guide: "11", en: "Channels", ko: "채널" },
  budget: { guide: "12", en: "Budget", ko: "예산" },
  execution: { guide: "13", en: "Execution", ko: "실행" },
  tools: { guide: "14", en: "Tools", ko: "도구" },
};

export const NETWORKS = ["website", "instagram", "facebook", "x", "threads", "bluesky", "linkedin", "tiktok", "youtube", "pinterest", "naver_blog", "kakao", "mastodon", "google_business", "telegram", "other"] as const;
export type Network = (typeof NETWORKS)[number];

const YESNO = ["yes", "no", "later"] as const;

type Def = [id: string, input: InputType, en: string, ko: string, enHelp?: string, koHelp?: string];

function questions(guide: string, page: PageKey, kind: EntryKind | null, defs: Def[], extra: Partial<Record<string, Partial<Question>>> = {}): Question[] {
  return defs.map(([id, input, en, ko, enHelp, koHelp]) => ({
    id,
    guide,
    page,
    input,
    store: kind ? { kind, field: id.slice(id.indexOf(".") + 1) } : { feature: "hats" },
    ...(input === "yesno" ? { options: YESNO } : {}),
    en: enHelp ? { label: en, help: enHelp } : { label: en },
    ko: koHelp ? { label: ko, help: koHelp } : { label: ko },
    ...extra[id],
  }));
}

function feature(guide: string, page: PageKey, f: Feature, defs: Def[]): Question[] {
  return questions(guide, page, null, defs).map((q) => ({ ...q, input: "feature" as const, store: { feature: f } }));
}

export const CATALOG: readonly Question[] = [
  ...questions(
    "1",
    "outline",
    "outline",
    [
      ["outline.who", "long", "Who are you?", "당신은 누구입니까?", "Your brand's purpose, mission and team in a few sentences.", "브랜드의 목적, 사명, 팀을 몇 문장으로 적어 보세요."],
      ["outline.audience", "long", "Who buys from you, and what moves them?", "누가 당신에게서 사고, 무엇이 그들을 움직입니까?", "Your buyer personas answer this in detail.", "구매자 페르소나에서 자세히 답합니다."],
      ["outline.offer", "long", "What do you sell, and what is it worth to you, the market and the buyer?", "무엇을 팔며, 그것이 당신·시장·구매자에게 어떤 가치가 있습니까?"],
      ["outline.why", "long", "Why do you exist? What does your brand change in customers' lives?", "왜 존재합니까? 브랜드가 고객의 삶에서 무엇을 바꿉니까?", "People buy why you do it, not what you do.", "사람들은 당신이 무엇을 하는지가 아니라 왜 하는지를 삽니다."],
      ["outline.where", "long", "Where do you sell: which markets and niches?", "어디에서 팝니까? 어떤 시장과 틈새입니까?"],
      ["outline.competitors", "long", "Who leads your market, who are the outsiders, and what are their strengths and weaknesses?", "시장의 선두와 후발 주자는 누구이며, 그들의 강점과 약점은 무엇입니까?"],
      ["outline.edge", "long", "Why are you better? What can nobody else offer?", "왜 당신이 더 낫습니까? 다른 누구도 줄 수 없는 것은 무엇입니까?"],
      ["outline.limits", "long", "What are your limits in budget and people?", "예산과 인력의 한계는 무엇입니까?", "Be honest: the plan has to fit the fuel you have.", "솔직하게 적으세요. 계획은 가진 연료에 맞아야 합니다."],
      ["outline.goals", "long", "What are your goals: the milestones that mean success?", "목표는 무엇입니까? 성공을 뜻하는 이정표는 무엇입니까?"],
      ["outline.how", "long", "How will you reach them: which concrete actions?", "어떻게 달성합니까? 구체적인 행동은 무엇입니까?"],
    ],
    {
      "outline.who": { answeredBy: ["company", "mission", "people"] },
      "outline.audience": { answeredBy: ["personas", "market"] },
      "outline.offer": { answeredBy: ["products"] },
      "outline.why": { answeredBy: ["mission"] },
      "outline.where": { answeredBy: ["market", "distribution"] },
      "outline.competitors": { answeredBy: ["competitors"] },
      "outline.edge": { answeredBy: ["swot", "personas"] },
      "outline.limits": { answeredBy: ["people"] },
      "outline.goals": { answeredBy: ["goals"] },
      "outline.how": { answeredBy: ["initiatives", "channels"] },
    },
  ),
  ...questions("2", "reviews", "review", [
    ["review.results", "long", "What are the results of what we did?", "우리가 한 일의 결과는 무엇입니까?", "Look at the numbers per channel and goal since the last check-in.", "지난 점검 이후 채널별·목표별 수치를 보세요."],
    ["review.next", "long", "What should we do next?", "다음에는 무엇을 해야 합니까?"],
    ["review.effective", "long", "Is our current strategy effective?", "지금의 전략은 효과가 있습니까?"],
    ["review.improve", "long", "What can be improved?", "무엇을 개선할 수 있습니까?", "Adapt without fear and on time: change the plan, not the goal, when the data says so.", "두려워하지 말고 제때 바꾸세요. 데이터가 말하면 목표가 아니라 계획을 바꿉니다."],
  ]),
  ...questions("3", "company", "company", [
    ["company.name", "text", "Company name", "회사 이름"],
    ["company.hq", "text", "Where is the headquarters?", "본사는 어디에 있습니까?"],
    ["company.founded", "text", "When was it founded?", "언제 설립되었습니까?"],
    ["company.founders", "long", "Who are the founders?", "창업자는 누구입니까?"],
    ["company.milestones", "list", "The most important milestones so far", "지금까지의 가장 중요한 이정표", "One milestone per line, e.g. first store, first 1,000 customers.", "한 줄에 하나씩 적으세요. 예: 첫 매장, 첫 고객 1,000명."],
    ["company.resources", "long", "Manufacturing resources and capabilities", "생산 자원과 역량"],
    ["company.story", "long", "Your story: how you became who you are", "당신의 이야기: 지금의 당신이 되기까지", "For a one-person business without production: this replaces resources and capabilities.", "생산 시설이 없는 1인 기업이라면 생산 자원 대신 이 이야기를 적으세요."],
  ]),
  ...questions("4", "mission", "mission", [
    ["mission.business", "long", "What business are you in now?", "지금 어떤 사업을 하고 있습니까?", "People buy why you do it, not what you do. Make it big and exciting, but real.", "사람들은 무엇이 아니라 왜를 삽니다. 크고 가슴 뛰게, 그러나 현실적으로 쓰세요."],
    ["mission.destination", "long", "What is your final destination?", "최종 목적지는 어디입니까?"],
    ["mission.impact", "long", "How will your vision affect customers?", "당신의 비전은 고객에게 어떤 영향을 줍니까?"],
    ["mission.change", "long", "How will the company change?", "회사는 어떻게 변할 것입니까?"],
  ]),
  ...questions("5", "people", null, [
    ["people.boss", "hat", "Who is the boss and decides?", "누가 책임자로서 결정합니까?", "Even a one-person business lists each hat it wears.", "1인 기업이라도 쓰고 있는 모자(역할)를 모두 적습니다."],
    ["people.scripts", "hat", "Who writes the scripts and copy?", "누가 대본과 문구를 씁니까?"],
    ["people.creative", "hat", "Who owns creative output?", "누가 크리에이티브를 책임집니까?"],
    ["people.ads", "hat", "Who runs ad campaigns?", "누가 광고 캠페인을 운영합니까?"],
    ["people.distribution", "hat", "Who distributes the content?", "누가 콘텐츠를 배포합니까?"],
    ["people.influencers", "hat", "Who talks to influencers?", "누가 인플루언서와 소통합니까?"],
    ["people.community", "hat", "Who manages comments and direct messages?", "누가 댓글과 DM을 관리합니까?"],
  ]),
  ...questions("6", "swot", "swot", [
    ["swot.strengths", "list", "Strengths: what do you do best?", "강점: 무엇을 가장 잘합니까?", "One point per line. Your own brand first; competitors get their own SWOT.", "한 줄에 하나씩. 자사 브랜드를 먼저 쓰고, 경쟁사는 각자의 SWOT에 씁니다."],
    ["swot.weaknesses", "list", "Weaknesses: what do you want to strengthen?", "약점: 무엇을 보강하고 싶습니까?"],
    ["swot.opportunities", "list", "Opportunities: what does the industry like that you could offer?", "기회: 업계가 원하는 것 중 당신이 줄 수 있는 것은?"],
    ["swot.threats", "list", "Threats: what could bring you down or stop your growth?", "위협: 무엇이 당신을 무너뜨리거나 성장을 멈출 수 있습니까?"],
  ]),
  ...questions("7", "goals", "goal", [
    ["goal.specific", "long", "Specific: what do you want the business to do?", "구체적(S): 사업이 무엇을 하길 원합니까?", "One goal or twelve; each big, measurable and realistic. E.g. double the German Instagram audience in 6 months.", "목표는 하나도, 열두 개도 됩니다. 크고 측정 가능하며 현실적이어야 합니다. 예: 6개월 안에 독일 인스타그램 팔로워 두 배."],
    ["goal.measurable", "kpi", "Measurable: which number means success?", "측정 가능(M): 어떤 수치가 성공입니까?", "A KPI with its channel, a baseline (where you are) and a target (where you want to be).", "채널, 기준값(현재)과 목표값(도달점)이 있는 핵심 지표(KPI)."],
    ["goal.achievable", "long", "Achievable: is it possible to achieve?", "달성 가능(A): 이룰 수 있습니까?"],
    ["goal.relevant", "long", "Relevant: what resources does it need, and do you have them?", "관련성(R): 어떤 자원이 필요하며, 가지고 있습니까?"],
    ["goal.timebound", "timeframe", "Time-bound: what is the time frame?", "기한(T): 기간은 언제까지입니까?", "A start and a deadline inside the strategy period, with monthly or weekly checkpoints to measure progress.", "전략 기간 안의 시작일과 마감일, 그리고 진행을 잴 월간 또는 주간 점검 목표."],
  ]),
  ...questions("8", "initiatives", "initiative", [
    ["initiative.action", "long", "What will you do to reach the goal?", "목표를 위해 무엇을 하겠습니까?", "An actionable step; split a large one into tasks of a day or a week.", "실행 가능한 단계로 쓰고, 큰 일은 하루나 한 주짜리 작업으로 나누세요."],
    ["initiative.timeline", "daterange", "What is your timeline?", "일정은 어떻게 됩니까?"],
    ["initiative.measure", "long", "How will you measure success?", "성공을 어떻게 측정합니까?"],
    ["initiative.resources", "long", "What resources does success need?", "성공에 어떤 자원이 필요합니까?"],
  ]),
  ...questions("9.1", "market", "geo", [
    ["geo.where", "long", "Where do your best buyers live?", "최고의 구매자는 어디에 삽니까?", "Web analytics shows visitors' locations; every platform has an audience report.", "웹 분석 도구가 방문자 위치를 보여 주고, 모든 플랫폼에 잠재 고객 보고서가 있습니다."],
    ["geo.language", "list", "Which languages do they prefer?", "어떤 언어를 선호합니까?"],
    ["geo.holidays", "holidays", "Local holidays and shopping days", "현지 공휴일과 쇼핑 시즌", "With dates; they will appear on the content calendar.", "날짜와 함께 적으세요. 콘텐츠 캘린더에 표시됩니다."],
  ]),
  ...questions("9.2", "market", "industry", [
    ["industry.niche", "long", "What is your customers' industry niche?", "고객의 산업 틈새는 무엇입니까?", "LinkedIn and your competitors' buyers are good places to research.", "링크드인과 경쟁사의 구매자를 조사해 보세요."],
    ["industry.occupation", "long", "What do individual customers do for a living?", "개인 고객은 무슨 일을 합니까?"],
    ["industry.location", "long", "Where are they and their companies?", "그들과 그들의 회사는 어디에 있습니까?"],
    ["industry.goals", "long", "Which business goals do they pursue?", "그들은 어떤 사업 목표를 추구합니까?"],
  ]),
  ...questions("9.3", "personas", "persona", [
    ["persona.name", "text", "Name (and picture)", "이름 (과 사진)", "A fictional ideal customer with a name. \"Everyone\" cannot be your customer.", "이름이 있는 가상의 이상적인 고객. '모두'는 고객이 될 수 없습니다."],
    ["persona.professional", "long", "Professional background: role, experience, income", "직업 배경: 역할, 경력, 소득"],
    ["persona.personal", "long", "Personal background: married or single, children", "개인 배경: 결혼 여부, 자녀"],
    ["persona.demographics", "long", "Age, gender, where they live", "나이, 성별, 사는 곳"],
    ["persona.communication", "long", "Which channels they use and which content they consume", "사용하는 채널과 소비하는 콘텐츠"],
    ["persona.business_goals", "long", "Business goals", "사업 목표", "Change the world? Double sales in 6 months?", "세상을 바꾸기? 6개월 안에 매출 두 배?"],
    ["persona.personal_goals", "long", "Personal goals", "개인 목표", "Sing, write a book, lose weight…", "노래하기, 책 쓰기, 체중 감량…"],
    ["persona.challenges", "long", "Challenges: lack of time, money or skills", "어려움: 시간, 돈, 기술의 부족"],
    ["persona.impact", "long", "Your impact: do you save them time or money, build their confidence?", "당신의 영향: 시간이나 돈을 아껴 주나요, 자신감을 주나요?"],
    ["persona.objections", "long", "Objections and concerns", "반대 의견과 걱정", "Security, cost, not knowing your brand…", "보안, 비용, 브랜드를 모름…"],
    ["persona.usp", "long", "Your unique selling point for this persona, despite the concerns", "걱정에도 불구하고 이 페르소나에게 통하는 고유한 강점"],
  ]),
  ...questions("9.4", "competitors", "competitor", [
    ["competitor.name", "text", "Company or person name", "회사 또는 사람 이름"],
    ["competitor.overview", "long", "Business overview", "사업 개요", "Location, milestones, distribution, communication channels, mission, goals.", "위치, 이정표, 유통, 소통 채널, 사명, 목표."],
    ["competitor.channel_stats", "stats", "Channel statistics over time", "시간에 따른 채널 통계", "Per channel and date: followers, average likes, shares, comments.", "채널과 날짜별: 팔로워, 평균 좋아요, 공유, 댓글."],
    ["competitor.swot", "swot", "Their SWOT, compared with yours", "경쟁사의 SWOT (자사와 비교)"],
  ]),
  ...questions("10.1", "products", "product", [
    ["product.materials", "long", "What is it made of?", "무엇으로 만들어졌습니까?", "Think of what the customer wants to feel, and how the product gives it.", "고객이 무엇을 느끼고 싶은지, 제품이 그것을 어떻게 주는지 생각하세요."],
    ["product.quality", "long", "How can you prove its quality?", "품질을 어떻게 증명할 수 있습니까?"],
    ["product.unique", "long", "Is it unique?", "독특합니까?"],
    ["product.handmade", "yesno", "Is it handmade?", "수제품입니까?"],
    ["product.origin", "text", "Where is it produced?", "어디에서 생산됩니까?"],
  ]),
  ...questions("10.2", "products", "product", [
    ["price.price", "money", "What is the product's price?", "제품 가격은 얼마입니까?"],
    ["price.margin", "margin", "What is your margin?", "마진은 얼마입니까?", "Enter the unit cost: margin, markup and profit per unit are calculated.", "단가를 입력하면 마진율, 마크업, 개당 이익이 계산됩니다."],
    ["price.fit", "long", "Does this price fit the buyer persona?", "이 가격이 구매자 페르소나에 맞습니까?"],
    ["price.frequency", "text", "How often can the persona buy from you?", "페르소나는 얼마나 자주 살 수 있습니까?"],
    ["price.reinvest", "percent", "How much of the profit will you reinvest in the business?", "이익 중 얼마를 사업에 재투자하겠습니까?"],
  ]),
  ...questions("10.3", "distribution", "distribution", [
    ["distribution.website", "yesno", "Will you sell on your own website?", "자체 웹사이트에서 판매하겠습니까?"],
    ["distribution.mode", "choice", "Offline, online, or both?", "오프라인, 온라인, 아니면 둘 다?"],
    ["distribution.networks", "networks", "Which social networks will you use?", "어떤 소셜 네트워크를 사용하겠습니까?"],
    ["distribution.blog", "yesno", "Do you have a blog?", "블로그가 있습니까?"],
    ["distribution.affiliate", "yesno", "An affiliate or referral program?", "제휴 또는 추천 프로그램이 있습니까?"],
    ["distribution.influencers", "yesno", "Will you work with influencers?", "인플루언서와 협업하겠습니까?"],
    ["distribution.paid", "yesno", "Will you run paid campaigns?", "유료 캠페인을 하겠습니까?"],
    ["distribution.formats", "list", "Which promotion formats?", "어떤 홍보 형식을 쓰겠습니까?", "E.g. reels, stories, carousel ads, live shopping.", "예: 릴스, 스토리, 캐러셀 광고, 라이브 커머스."],
  ], { "distribution.mode": { options: ["online", "offline", "both"] } }),
  ...questions("10.4", "journey", "journey", [
    ["journey.source", "long", "Where do your customers come from?", "고객은 어디에서 옵니까?", "Analytics shows visitor behaviour; UTM tags show which channel works when you sell outside social media.", "분석 도구로 방문자 행동을 보고, 소셜 밖에서 판매할 때는 UTM 태그로 채널 효율을 추적하세요."],
    ["journey.landing", "long", "What do they see first (landing page)?", "처음 무엇을 봅니까? (랜딩 페이지)"],
    ["journey.questions", "long", "What do they do when they have a question?", "질문이 있으면 어떻게 합니까?"],
    ["journey.order", "long", "How do they order?", "어떻게 주문합니까?"],
    ["journey.payment", "long", "How do they pay?", "어떻게 결제합니까?"],
    ["journey.receive", "long", "How do you receive orders?", "주문을 어떻게 받습니까?"],
    ["journey.speed", "text", "How fast do you fulfil orders?", "주문을 얼마나 빨리 처리합니까?"],
    ["journey.status", "long", "How do customers check their order status?", "고객은 주문 상태를 어떻게 확인합니까?"],
    ["journey.shipping", "long", "How do you ship?", "어떻게 배송합니까?"],
    ["journey.tracking", "long", "How is shipping tracked?", "배송은 어떻게 추적됩니까?"],
    ["journey.feedback", "long", "How will you get product feedback?", "제품 피드백을 어떻게 받습니까?"],
    ["journey.reviews", "long", "How can customers share positive reviews?", "고객은 좋은 후기를 어떻게 공유할 수 있습니까?"],
    ["journey.returns", "long", "How are products returned?", "반품은 어떻게 합니까?"],
    ["journey.refunds", "long", "What is the refund process?", "환불 절차는 어떻게 됩니까?"],
  ]),
  ...questions("11", "channels", "channel", [
    ["channels.website", "long", "What is your website for?", "웹사이트는 무엇을 위한 것입니까?", "E.g. bring buyers in from social media for purchases and upsells.", "예: 소셜 미디어에서 구매자를 데려와 구매와 추가 판매로 잇기."],
    ["channels.profile_purpose", "long", "What is this profile for?", "이 프로필은 무엇을 위한 것입니까?", "E.g. Instagram: main channel for ads and sales; Facebook: home for loyal customers.", "예: 인스타그램은 광고와 판매의 주 채널, 페이스북은 충성 고객의 집."],
    ["channels.main_sales", "flag", "Main sales channel", "주 판매 채널"],
    ["channels.support", "flag", "Used for customer support", "고객 지원에 사용"],
    ["channels.ad_priority", "number", "Ad budget priority (1 = most)", "광고 예산 우선순위 (1 = 가장 높음)"],
    ["channels.content", "contentTypes", "What content will you post here?", "여기에 어떤 콘텐츠를 올리겠습니까?"],
  ], {
    "channels.website": { store: { kind: "channel", field: "purpose" } },
    "channels.profile_purpose": { store: { kind: "channel", field: "purpose" } },
    "channels.content": { store: { kind: "channel", field: "content_types" } },
  }),
  ...feature("12", "budget", "budget", [
    ["budget.software", "feature", "Software and subscriptions", "소프트웨어와 구독"],
    ["budget.ads", "feature", "Advertising", "광고"],
    ["budget.services", "feature", "Hired services", "외주 서비스"],
    ["budget.assets", "feature", "Digital assets", "디지털 자산"],
    ["budget.months", "feature", "A column per month with totals", "월별 열과 합계"],
    ["budget.planned_actual", "feature", "Planned against actual", "계획 대비 실제"],
    ["budget.rollover", "feature", "Unspent ad budget rolls into the next month", "남은 광고 예산의 다음 달 이월"],
    ["budget.adjust", "feature", "Add, change and stop lines", "항목 추가·변경·중단"],
    ["budget.sample", "feature", "Start from sample data", "예시 데이터로 시작"],
    ["budget.ad_calculator", "feature", "Ad budget calculator", "광고 예산 계산기"],
  ]),
  ...feature("13", "execution", "roadmap", [["exec.roadmap", "feature", "Roadmap of initiatives", "실행 계획 로드맵"]]),
  ...feature("13", "execution", "setup", [["exec.setup", "feature", "Profile and tool setup checklist", "프로필과 도구 설정 체크리스트"]]),
  ...feature("13", "execution", "calendar", [["exec.calendar", "feature", "Content calendar", "콘텐츠 캘린더"]]),
  ...feature("13", "execution", "board", [
    ["exec.board", "feature", "Task board", "작업 보드"],
    ["exec.personal_boards", "feature", "A board per role", "역할별 보드"],
    ["exec.workflow", "feature", "Workflow stages", "작업 단계"],
  ]),
  ...feature("13", "execution", "storage", [["exec.storage", "feature", "Shared storage", "공유 저장소"]]),
  ...feature("13", "execution", "tracking", [["exec.tracking", "feature", "Performance tracking", "성과 추적"]]),
  ...feature("13", "execution", "reports", [
    ["exec.report", "feature", "Reports", "보고서"],
    ["exec.agile", "feature", "Adapting the strategy", "전략 조정"],
  ]),
  ...feature("14", "tools", "tools", [["tools.directory", "feature", "Recommended tools", "추천 도구"]]),
];

export const QUESTIONS_BY_ID: ReadonlyMap<string, Question> = new Map(CATALOG.map((q) => [q.id, q]));

/** The questions shown on a page, in the guide's order. */
export const questionsOf = (page: PageKey): Question[] => CATALOG.filter((q) => q.page === page);

/** The questions stored in records of a kind. */
export const questionsOfKind = (kind: EntryKind): Question[] => CATALOG.filter((q) => "kind" in q.store && q.store.kind === kind);

export const isAvailable = (q: Question): boolean => !("feature" in q.store) || AVAILABLE_FEATURES.includes(q.store.feature);
