import type { Locale, ReviewAnswers, Stage } from "@socialplan/schema";

/**
 * The worked example's daily work, in the reader's language: the posts on the calendar (published ones with their
 * numbers, scheduled ones ahead, one waiting for review, drafts and ideas), the cards on the board, and one monthly
 * report answered. Days are counted from the day the example is loaded, times are the workspace's wall-clock times,
 * and channels, goals and initiatives are named by the keys of `exampleStrategy`.
 */

type Text = Record<Locale, string>;
export type ChannelKey = "instagram_de" | "facebook" | "x";
export type GoalKey = "goal_audience" | "goal_sales";
export type InitiativeKey = "i_account" | "i_localise" | "i_paid" | "i_daily" | "i_influencers" | "i_utm";

export interface ExamplePost {
  /** Days from the loading day (negative: the past); null for an idea or draft without a date. */
  day: number | null;
  /** Local time on that day. */
  time: string;
  status: "published" | "scheduled" | "in_review" | "draft" | "idea";
  channels: ChannelKey[];
  goal: GoalKey;
  initiative: InitiativeKey | null;
  title: Text;
  body: Text;
  link?: string;
  utm?: Record<string, string>;
  campaign?: string;
  /** How well a published post did against the channel's usual post (1 = usual): its numbers follow from it. */
  lift?: number;
  /** A published post with its history: sent to review, approved with this note, scheduled. */
  approvedNote?: Text;
  /** The comment on the post waiting for review. */
  comment?: Text;
}

const TAGS = "#Keramik #handgemacht #koreanischeKeramik";

export const EXAMPLE_POSTS: ExamplePost[] = [
  {
    day: -26, time: "19:00", status: "published", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_account", lift: 1.3,
    title: { en: "Hallo Deutschland! Meet the studio", ko: "할로 도이칠란트! 공방을 소개합니다" },
    body: { en: `Hallo! We are Onsae Ceramics, two potters from Icheon. From today we post here every day: the wheel, the kiln and your table. ${TAGS}`, ko: `할로! 이천의 도예가 두 사람, 온새 도자기입니다. 오늘부터 매일 물레와 가마, 그리고 여러분의 식탁을 보여 드릴게요. ${TAGS}` },
  },
  {
    day: -19, time: "20:00", status: "published", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_localise", lift: 2.1,
    title: { en: "Reel: from clay to cup in 30 seconds", ko: "릴스: 흙에서 컵까지 30초" },
    body: { en: `From a lump of clay to your morning coffee in 30 seconds: one Moon mug, start to finish. ${TAGS}`, ko: `흙 한 덩이에서 아침 커피까지 30초: 달 머그 하나가 만들어지는 전 과정. ${TAGS}` },
    approvedNote: { en: "Great cut, the German caption reads well. Go!", ko: "편집 좋아요. 독일어 문구도 자연스러워요. 올려요!" },
  },
  {
    day: -12, time: "12:00", status: "published", channels: ["instagram_de", "facebook"], goal: "goal_audience", initiative: "i_localise", lift: 1.1,
    title: { en: "Customer photo: Lena's Sunday table", ko: "고객 사진: 레나의 일요일 식탁" },
    body: { en: "Lena from Berlin set her Sunday table with our everyday bowls. Thank you for sharing! Send us yours with #onsaeathome", ko: "베를린의 레나가 데일리 볼로 일요일 식탁을 차렸어요. 공유해 주셔서 고마워요! 여러분의 식탁도 #onsaeathome 으로 보내 주세요" },
  },
  {
    day: -8, time: "19:00", status: "published", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_localise", lift: 1.6,
    title: { en: "Glaze test: three blues, which one?", ko: "유약 테스트: 세 가지 파랑, 어느 쪽?" },
    body: { en: `Three blues out of the same kiln. Which one should become our spring colour? Tell us in the comments. ${TAGS}`, ko: `같은 가마에서 나온 세 가지 파랑. 봄 색상은 어느 것이 좋을까요? 댓글로 알려 주세요. ${TAGS}` },
  },
  {
    day: -5, time: "18:00", status: "published", channels: ["facebook", "x"], goal: "goal_sales", initiative: "i_utm", lift: 0.9,
    title: { en: "Studio sale this weekend", ko: "이번 주말 공방 세일" },
    body: { en: "Studio sale this weekend: seconds and last pieces of the autumn glaze, 20 % off in the web shop.", ko: "이번 주말 공방 세일: B품과 가을 유약 마지막 제품을 온라인 몰에서 20% 할인합니다." },
    link: "https://onsae.shop/sale", utm: { utm_source: "social", utm_medium: "organic", utm_campaign: "studio-sale" }, campaign: "studio-sale",
  },
  {
    day: -2, time: "19:00", status: "published", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_localise", lift: 1.2,
    title: { en: "How we pack for Germany", ko: "독일로 보내는 포장법" },
    body: { en: `Double box, paper cushions, no plastic: this is how a mug travels 8,500 km without a crack. ${TAGS}`, ko: `이중 박스, 종이 완충재, 플라스틱 없이: 머그가 금 하나 없이 8,500km를 여행하는 방법. ${TAGS}` },
  },
  {
    day: 1, time: "19:00", status: "scheduled", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_daily",
    title: { en: "The Moon mug in morning light", ko: "아침 햇살 속 달 머그" },
    body: { en: `Every glaze run is a little different: this is how the Moon mug looks at 7 a.m. by the studio window. ${TAGS}`, ko: `유약의 흐름은 매번 조금씩 달라요. 아침 7시 공방 창가의 달 머그입니다. ${TAGS}` },
  },
  {
    day: 2, time: "12:00", status: "scheduled", channels: ["x"], goal: "goal_sales", initiative: "i_utm",
    title: { en: "Restock: Moon mugs are back", ko: "재입고: 달 머그가 돌아왔어요" },
    body: { en: "Restock: 40 Moon mugs are back in the web shop from noon today.", ko: "재입고: 오늘 정오부터 달 머그 40개가 온라인 몰에 다시 입고됩니다." },
    link: "https://onsae.shop/moon-mug", utm: { utm_source: "x", utm_medium: "social", utm_campaign: "restock" }, campaign: "restock",
  },
  {
    day: 3, time: "19:00", status: "in_review", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_localise",
    title: { en: "Winter colours are here", ko: "겨울 색상이 나왔어요" },
    body: { en: `Snow white and pine green: our winter colours, fired last week and ready for your table. ${TAGS}`, ko: `눈의 하양과 소나무의 초록: 지난주에 구운 겨울 색상이 식탁에 오를 준비를 마쳤어요. ${TAGS}` },
    comment: { en: "The translator checked the German caption. Is the photo bright enough for the feed, or should we use the one by the window?", ko: "번역가가 독일어 문구를 확인했어요. 피드에 올리기에 사진이 충분히 밝은가요, 아니면 창가 사진으로 바꿀까요?" },
  },
  {
    day: 4, time: "19:00", status: "scheduled", channels: ["instagram_de", "facebook"], goal: "goal_audience", initiative: "i_paid",
    title: { en: "Meet the makers: Jiwoo and Mira", ko: "만드는 사람들: 지우와 미라" },
    body: { en: `Two potters, one kiln, six years: meet Jiwoo and Mira, who make every piece you order. ${TAGS}`, ko: `도예가 두 사람, 가마 하나, 6년: 주문하신 모든 작품을 만드는 지우와 미라를 소개합니다. ${TAGS}` },
  },
  {
    day: 6, time: "20:00", status: "scheduled", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_influencers",
    title: { en: "Cooking with a Berlin food creator", ko: "베를린 푸드 크리에이터와 함께 요리" },
    body: { en: `Our bowls in a Berlin kitchen: a creator we admire cooks bibimbap for six with the everyday set. ${TAGS}`, ko: `베를린 부엌의 우리 볼: 좋아하는 크리에이터가 데일리 세트로 6인분 비빔밥을 만듭니다. ${TAGS}` },
  },
  {
    day: 8, time: "19:00", status: "draft", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_daily",
    title: { en: "Behind the wheel: a bowl in 60 seconds", ko: "물레 뒤에서: 60초 만에 볼 하나" },
    body: { en: "Draft: film Mira throwing a bowl, one take, no music; German caption from the translator.", ko: "초안: 미라가 볼을 빚는 모습을 한 번에 촬영, 음악 없이. 독일어 문구는 번역가에게." },
  },
  {
    day: null, time: "", status: "draft", channels: ["facebook"], goal: "goal_sales", initiative: null,
    title: { en: "Studio journal: why we fire at 1,250 °C", ko: "작업 일지: 왜 1,250°C에서 굽는가" },
    body: { en: "Draft for the monthly journal: what high firing does for strength, and why it keeps the mugs dishwasher-safe.", ko: "월간 일지 초안: 고온 소성이 강도에 주는 영향과 식기세척기에 써도 되는 이유." },
  },
  {
    day: null, time: "", status: "idea", channels: ["instagram_de"], goal: "goal_audience", initiative: "i_influencers",
    title: { en: "Gift guide for the Christmas markets", ko: "크리스마스 마켓 선물 가이드" },
    body: { en: "Idea: five gifts under 50 EUR, shot at a German Christmas market with a partner creator.", ko: "아이디어: 50유로 이하 선물 다섯 가지를 협업 크리에이터와 독일 크리스마스 마켓에서 촬영." },
  },
  {
    day: null, time: "", status: "idea", channels: ["instagram_de"], goal: "goal_audience", initiative: null,
    title: { en: "Poll: which glaze for spring?", ko: "투표: 봄 유약은 어느 것?" },
    body: { en: "Idea: a story poll with the three blues from the glaze test; announce the winner in a Reel.", ko: "아이디어: 유약 테스트의 세 가지 파랑으로 스토리 투표, 결과는 릴스로 발표." },
  },
];

export interface ExampleCard {
  stage: Stage;
  title: Text;
  description?: Text;
  goal: GoalKey;
  initiative: InitiativeKey | null;
  /** Days from the loading day. */
  due?: number;
  priority?: "low" | "normal" | "high" | "urgent";
  labels?: Text[];
  checklist?: { text: Text; done: boolean }[];
  holdReason?: Text;
  /** Given to whoever loads the example. */
  assigned?: boolean;
  /** A done card was approved this many days ago. */
  doneDaysAgo?: number;
}

export const EXAMPLE_CARDS: ExampleCard[] = [
  { stage: "backlog", goal: "goal_audience", initiative: "i_influencers", title: { en: "Shortlist 10 German food creators", ko: "독일 푸드 크리에이터 10명 후보 정리" }, labels: [{ en: "influencers", ko: "인플루언서" }] },
  { stage: "backlog", goal: "goal_audience", initiative: null, title: { en: "Plan the Christmas market gift guide", ko: "크리스마스 마켓 선물 가이드 기획" } },
  {
    stage: "next", goal: "goal_audience", initiative: "i_localise", due: 5, priority: "high", assigned: true,
    title: { en: "Brief the translator on the winter collection", ko: "번역가에게 겨울 컬렉션 브리핑" },
    description: { en: "Send the photos, the product names and the five captions for the winter colours.", ko: "겨울 색상 사진, 제품명, 문구 다섯 개를 보내기." },
  },
  {
    stage: "in_progress", goal: "goal_audience", initiative: "i_localise", due: 3, priority: "normal", assigned: true,
    title: { en: "Localise posts 11–20 into German", ko: "게시물 11~20번 독일어 현지화" },
    checklist: [
      { text: { en: "Posts 11–13", ko: "게시물 11~13" }, done: true },
      { text: { en: "Posts 14–17", ko: "게시물 14~17" }, done: true },
      { text: { en: "Posts 18–20", ko: "게시물 18~20" }, done: false },
    ],
  },
  {
    stage: "on_hold", goal: "goal_audience", initiative: "i_paid", priority: "high",
    title: { en: "Launch the paid promotion in Germany", ko: "독일 유료 홍보 시작" },
    holdReason: { en: "Waiting for Meta to verify the ad account.", ko: "메타의 광고 계정 인증을 기다리는 중." },
  },
  {
    stage: "review", goal: "goal_audience", initiative: "i_influencers", due: 2,
    title: { en: "Influencer agreement template", ko: "인플루언서 협업 계약서 양식" },
    description: { en: "Please check the fee and the gifting terms before we send it to the first three creators.", ko: "첫 크리에이터 세 명에게 보내기 전에 수수료와 제품 제공 조건을 확인해 주세요." },
  },
  { stage: "done", goal: "goal_audience", initiative: "i_account", doneDaysAgo: 27, title: { en: "Open the German Instagram account", ko: "독일 인스타그램 계정 개설" } },
  { stage: "done", goal: "goal_sales", initiative: "i_utm", doneDaysAgo: 10, title: { en: "Add UTM tags to every bio link", ko: "모든 프로필 링크에 UTM 태그 달기" } },
];

/** The four review questions answered for last month's report. */
export function exampleReportAnswers(locale: Locale): Required<ReviewAnswers> {
  const t = (x: Text) => x[locale];
  return {
    results: t({
      en: "The German account grew every week and the Reels of the making reached the most people; saves went up with the localised captions. Orders from social media rose, mostly through the studio sale link.",
      ko: "독일 계정이 매주 성장했고, 제작 과정 릴스가 가장 많은 사람에게 도달했습니다. 현지화한 문구로 저장 수가 늘었고, 소셜 유입 주문은 주로 공방 세일 링크로 증가했습니다.",
    }),
    next: t({
      en: "Start the paid promotion as soon as Meta verifies the ad account; brief the first three creators; post the winter colours.",
      ko: "메타가 광고 계정을 인증하면 바로 유료 홍보 시작, 첫 크리에이터 세 명에게 브리핑, 겨울 색상 게시.",
    }),
    effective: t({
      en: "Yes: daily posting works, but translating post by post slows us down.",
      ko: "네. 매일 게시는 효과가 있지만, 게시물마다 번역하니 속도가 느립니다.",
    }),
    improve: t({
      en: "Batch the translations once a week and film two Reels per shoot.",
      ko: "번역은 일주일에 한 번 몰아서 하고, 촬영 한 번에 릴스 두 개를 찍기.",
    }),
  };
}
