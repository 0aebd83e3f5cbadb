import { addDays, addMonthsToDate, formatMoney, minorUnitDigits, suggestCheckpoints, type StrategyPeriod } from "@socialplan/domain";
import { intlLocaleOf, type CollectionKind, type Locale, type SectionKind } from "@socialplan/schema";

/** One record of the worked example; initiatives are listed under their goal. */
export interface ExampleRecord {
  kind: SectionKind | CollectionKind;
  data: Record<string, unknown>;
  children?: ExampleRecord[];
  /**
   * Channels are referred to by goals' KPIs, and the example's posts and cards name channels, goals and initiatives:
   * a key lets the loader link them by id.
   */
  key?: string;
}

/** The keys of the first goal's initiatives, in order (the example's posts and cards refer to them). */
const INITIATIVE_KEYS = ["i_account", "i_localise", "i_paid", "i_daily", "i_influencers"] as const;

type Text = Record<Locale, string>;
const pick = (locale: Locale, t: Text) => t[locale];
const lines = (locale: Locale, t: Record<Locale, string[]>) => t[locale];
const yes = (note?: string) => ({ answer: "yes" as const, ...(note ? { note } : {}) });
const no = (note?: string) => ({ answer: "no" as const, ...(note ? { note } : {}) });

/**
 * An amount of the example (a Korean shop, priced in won) in the workspace's currency, in integer minor units:
 * 1,000 won count as one unit of a currency with cents (a 38,000 won mug is a 38.00 dollar or euro mug), a tenth of
 * the won amount in another currency without cents (yen); won stay won.
 */
export function exampleAmount(won: number, currency: string): number {
  if (currency === "KRW") return won;
  const digits = minorUnitDigits(currency);
  return digits === 0 ? Math.round(won / 10) : Math.round(won / 1000) * 10 ** digits;
}

/** An example amount written in the example's text: as Koreans write won ("30만 원"), else in the currency's own way. */
function moneyText(locale: Locale, currency: string, won: number): string {
  if (currency === "KRW") return locale === "ko" ? `${won / 10_000}만 원` : `${new Intl.NumberFormat("en-US").format(won)} KRW`;
  return formatMoney({ amount: exampleAmount(won, currency), currency }, intlLocaleOf(locale)).replace(/\.00$/, "");
}

/**
 * The guide's worked example as a complete strategy for a small online shop (handmade ceramics sold from
 * Korea to Korea and Germany), in the reader's language. Dates follow the workspace's strategy period, so the
 * example is always "this year"; prices and budgets are in the workspace's currency (see `exampleAmount`).
 */
export function exampleStrategy(locale: Locale, period: StrategyPeriod, currency = "KRW"): ExampleRecord[] {
  const t = (text: Text) => pick(locale, text);
  const money = (won: number) => moneyText(locale, currency, won);
  const price = (won: number) => exampleAmount(won, currency);
  const start = `${period.start}-01`;
  const goalDeadline = addMonthsToDate(start, 6);
  const week = (n: number) => addDays(start, 7 * n);

  return [
    {
      kind: "outline",
      data: {
        who: t({ en: "Onsae Ceramics: two potters in Icheon making everyday tableware by hand, sold online to people who like to cook and host.", ko: "온새 도자기: 이천의 도예가 두 사람이 손으로 빚은 생활 식기를 요리와 손님 맞이를 즐기는 사람들에게 온라인으로 판매합니다." }),
        audience: t({ en: "Home cooks aged 28–45 in Korea and Germany who want fewer, better things; they are moved by craft stories and by seeing the dishes in use.", ko: "한국과 독일의 28~45세 홈쿡. 적지만 좋은 물건을 원하며, 만드는 이야기와 실제로 쓰이는 모습에 마음이 움직입니다." }),
        offer: t({ en: "Hand-thrown mugs, bowls and plates; for us a living craft, for the market an alternative to mass-made tableware, for the buyer a daily ritual they enjoy.", ko: "물레로 빚은 머그, 볼, 접시. 우리에게는 살아 있는 공예, 시장에는 대량 생산 식기의 대안, 구매자에게는 즐거운 일상의 의식입니다." }),
        why: t({ en: "We want every meal at home to feel a little special, and to keep a local craft alive.", ko: "집에서 먹는 모든 식사가 조금 특별하게 느껴지게 하고, 지역의 공예를 지키고 싶습니다." }),
        where: t({ en: "Our own web shop and Instagram; Korea first, Germany as the second market.", ko: "자체 온라인 몰과 인스타그램. 한국이 첫째, 독일이 둘째 시장입니다." }),
        competitors: t({ en: "Large lifestyle brands lead on price and reach; other small studios win on uniqueness but post rarely.", ko: "대형 라이프스타일 브랜드는 가격과 도달에서 앞서고, 다른 작은 공방은 개성은 있지만 게시가 드뭅니다." }),
        edge: t({ en: "Every piece is made by hand in small batches, and customers can watch it being made.", ko: "모든 제품을 소량으로 손수 만들고, 고객이 만드는 과정을 지켜볼 수 있습니다." }),
        limits: t({ en: `Two people, about 8 hours a week for social media, and a monthly ad budget of about ${money(300_000)}.`, ko: `두 사람, 소셜 미디어에 주당 약 8시간, 월 광고 예산 약 ${money(300_000)}.` }),
        goals: t({ en: "Double the German Instagram audience in 6 months; 40 % of web-shop orders from social media by the end of the year.", ko: "6개월 안에 독일 인스타그램 팔로워 두 배, 연말까지 온라인 몰 주문의 40%를 소셜 미디어에서." }),
        how: t({ en: "A German-language Instagram account, localised posts, a paid launch campaign, daily posting and influencer partnerships.", ko: "독일어 인스타그램 계정, 현지화한 게시물, 유료 출시 캠페인, 매일 게시, 인플루언서 협업." }),
      },
    },
    {
      kind: "company",
      data: {
        name: t({ en: "Onsae Ceramics", ko: "온새 도자기" }),
        hq: t({ en: "Icheon, Gyeonggi-do, South Korea", ko: "경기도 이천" }),
        founded: "2019",
        founders: t({ en: "Jiwoo Han and Mira Seo, potters who met at university.", ko: "대학에서 만난 도예가 한지우, 서미라." }),
        milestones: lines(locale, {
          en: ["2019: first studio and kiln", "2021: web shop opened", "2023: first 1,000 customers", "2025: first orders from Germany"],
          ko: ["2019년: 첫 작업실과 가마", "2021년: 온라인 몰 개설", "2023년: 첫 고객 1,000명", "2025년: 독일에서 첫 주문"],
        }),
        resources: t({ en: "One gas kiln, two wheels; up to 400 pieces a month.", ko: "가스 가마 한 대, 물레 두 대. 한 달 최대 400점." }),
        story: t({ en: "Jiwoo started making cups for friends; when a café ordered fifty, the studio was born.", ko: "지우가 친구들을 위해 컵을 만들기 시작했고, 한 카페가 50개를 주문하면서 공방이 탄생했습니다." }),
      },
    },
    {
      kind: "mission",
      data: {
        business: t({ en: "We make handmade tableware for people who cook at home.", ko: "집에서 요리하는 사람들을 위한 수제 식기를 만듭니다." }),
        destination: t({ en: "A small, well-known studio whose pieces are on tables in ten countries.", ko: "열 나라의 식탁에 작품이 놓인, 작지만 잘 알려진 공방." }),
        impact: t({ en: "Customers slow down and enjoy their meals; they own fewer, better things.", ko: "고객은 식사를 천천히 즐기고, 적지만 더 좋은 물건을 갖게 됩니다." }),
        change: t({ en: "From two potters to a team of five with a second kiln and a German partner shop.", ko: "도예가 두 사람에서 두 번째 가마와 독일 협력 매장을 둔 다섯 명의 팀으로." }),
      },
    },
    {
      kind: "swot",
      data: {
        strengths: lines(locale, { en: ["Genuinely handmade", "Strong photos of the making", "Loyal customers who reorder"], ko: ["진짜 수제품", "제작 과정을 담은 좋은 사진", "재구매하는 충성 고객"] }),
        weaknesses: lines(locale, { en: ["Small production capacity", "No German-speaking staff", "Irregular posting"], ko: ["적은 생산량", "독일어 가능 인력 없음", "불규칙한 게시"] }),
        opportunities: lines(locale, { en: ["Growing interest in Korean food culture in Germany", "Slow-living trend"], ko: ["독일에서 커지는 한국 음식 문화에 대한 관심", "슬로 라이프 트렌드"] }),
        threats: lines(locale, { en: ["Cheap imitations", "Shipping costs and breakage", "Algorithm changes"], ko: ["값싼 모조품", "배송비와 파손", "알고리즘 변화"] }),
      },
    },
    {
      kind: "geo",
      data: {
        where: t({ en: "Seoul and the capital area; in Germany, Berlin, Hamburg and Munich.", ko: "서울과 수도권, 독일에서는 베를린·함부르크·뮌헨." }),
        language: lines(locale, { en: ["Korean", "German", "English"], ko: ["한국어", "독일어", "영어"] }),
        holidays: [
          { name: t({ en: "Chuseok gift season", ko: "추석 선물 시즌" }), date: `${period.start.slice(0, 4)}-09-14` },
          { name: t({ en: "Black Friday", ko: "블랙 프라이데이" }), date: `${period.start.slice(0, 4)}-11-27` },
          { name: t({ en: "Christmas markets (Germany)", ko: "크리스마스 마켓 (독일)" }), date: `${period.start.slice(0, 4)}-12-01` },
        ],
      },
    },
    {
      kind: "industry",
      data: {
        niche: t({ en: "Home and kitchen; cafés and small restaurants as B2B buyers.", ko: "홈·키친. B2B 구매자로는 카페와 작은 식당." }),
        occupation: t({ en: "Office workers, designers, teachers; café owners.", ko: "직장인, 디자이너, 교사, 카페 운영자." }),
        location: t({ en: "Large cities; cafés in city centres.", ko: "대도시, 도심의 카페." }),
        goals: t({ en: "Cafés want a distinctive look that customers photograph and share.", ko: "카페는 손님이 사진 찍어 공유하는 독특한 분위기를 원합니다." }),
      },
    },
    {
      kind: "distribution",
      data: {
        website: yes(t({ en: "Our web shop is the main place to buy.", ko: "온라인 몰이 주된 구매처입니다." })),
        mode: "both",
        networks: ["instagram", "facebook", "x"],
        blog: yes(t({ en: "A monthly studio journal on the web shop.", ko: "온라인 몰에 월간 작업 일지." })),
        affiliate: no(t({ en: "Maybe next year.", ko: "내년에 검토." })),
        influencers: yes(),
        paid: yes(),
        formats: lines(locale, { en: ["Reels of the making", "Carousel ads", "Stories with polls"], ko: ["제작 과정 릴스", "캐러셀 광고", "투표가 있는 스토리"] }),
      },
    },
    {
      kind: "journey",
      data: {
        source: t({ en: "Instagram posts and ads, search, word of mouth.", ko: "인스타그램 게시물과 광고, 검색, 입소문." }),
        landing: t({ en: "The product page linked from the post, with a video of the piece being made.", ko: "게시물에 연결된 제품 페이지와 제작 영상." }),
        questions: t({ en: "Instagram DM or the chat on the web shop; answered within a day.", ko: "인스타그램 DM이나 온라인 몰 채팅. 하루 안에 답변." }),
        order: t({ en: "In the web shop; cafés order by email.", ko: "온라인 몰에서. 카페는 이메일로 주문." }),
        payment: t({ en: "Card, Kakao Pay, PayPal for Germany.", ko: "카드, 카카오페이, 독일은 페이팔." }),
        receive: t({ en: "Shop notifications by email and on the phone.", ko: "이메일과 휴대폰으로 주문 알림." }),
        speed: t({ en: "Within 3 working days", ko: "영업일 기준 3일 이내" }),
        status: t({ en: "Order page in the web shop and an email at each step.", ko: "온라인 몰 주문 페이지와 단계별 이메일." }),
        shipping: t({ en: "CJ Logistics in Korea; EMS to Germany, double-boxed.", ko: "국내는 CJ대한통운, 독일은 EMS 이중 포장." }),
        tracking: t({ en: "Tracking number in the shipping email.", ko: "배송 이메일의 송장 번호." }),
        feedback: t({ en: "A short survey two weeks after delivery.", ko: "배송 2주 후 짧은 설문." }),
        reviews: t({ en: "Photo reviews in the shop and a monthly repost of customers' photos.", ko: "몰의 포토 후기와 매달 고객 사진 리포스트." }),
        returns: t({ en: "Within 14 days, unused; we pay return shipping for breakage.", ko: "미사용 14일 이내. 파손은 반품 배송비 부담." }),
        refunds: t({ en: "Refund to the original payment within 3 days of receiving the return.", ko: "반품 수령 후 3일 이내 원결제 수단으로 환불." }),
      },
    },
    { kind: "channel", key: "website", data: { network: "website", handle: "onsae.shop", url: "https://onsae.shop", purpose: t({ en: "Bring buyers in from social media for purchases and upsells.", ko: "소셜 미디어에서 구매자를 데려와 구매와 추가 판매로 연결." }), main_sales: true, support: false, content_types: lines(locale, { en: ["Product pages", "Studio journal"], ko: ["제품 페이지", "작업 일지"] }), posts_per_week: 1, kpis: lines(locale, { en: ["Sessions from social", "Orders", "Conversion rate"], ko: ["소셜 유입 세션", "주문", "전환율"] }) } },
    { kind: "channel", key: "instagram_de", data: { network: "instagram", handle: "@onsae.de", url: "https://instagram.com/onsae.de", purpose: t({ en: "Primary channel for ads and sales in Germany: products and reviews.", ko: "독일의 광고·판매 주 채널: 제품과 후기." }), main_sales: false, support: false, ad_priority: 1, content_types: lines(locale, { en: ["Reels of the making", "Product photos", "Customer reviews"], ko: ["제작 과정 릴스", "제품 사진", "고객 후기"] }), posts_per_week: 7, kpis: lines(locale, { en: ["Followers", "Reach", "Saves"], ko: ["팔로워", "도달", "저장"] }) } },
    { kind: "channel", key: "facebook", data: { network: "facebook", handle: "Onsae Ceramics", purpose: t({ en: "Secondary sales channel and home for loyal customers.", ko: "보조 판매 채널이자 충성 고객의 집." }), main_sales: false, support: true, ad_priority: 2, content_types: lines(locale, { en: ["Studio news", "Events"], ko: ["공방 소식", "이벤트"] }), posts_per_week: 2, kpis: lines(locale, { en: ["Engagement", "Reach"], ko: ["참여", "도달"] }) } },
    { kind: "channel", key: "x", data: { network: "x", handle: "@onsae", purpose: t({ en: "Support and urgent questions; news.", ko: "고객 지원과 급한 문의, 소식." }), main_sales: false, support: true, ad_priority: 3, content_types: lines(locale, { en: ["Answers", "Restock news"], ko: ["답변", "재입고 소식"] }), posts_per_week: 3, kpis: lines(locale, { en: ["Response time"], ko: ["응답 시간"] }) } },
    {
      kind: "goal",
      key: "goal_audience",
      data: {
        title: t({ en: "Double the German Instagram audience", ko: "독일 인스타그램 팔로워 두 배" }),
        specific: t({ en: "Double the German Instagram audience in 6 months.", ko: "6개월 안에 독일 인스타그램 팔로워를 두 배로 늘린다." }),
        measurable: { metric: t({ en: "Followers", ko: "팔로워" }), channels: ["@instagram_de"], unit: t({ en: "followers", ko: "명" }), baseline: 2000, target: 4000, direction: "increase" },
        achievable: t({ en: "Yes: similar studios grew this fast with daily posting and a small paid push.", ko: "가능합니다. 비슷한 공방이 매일 게시와 소액 광고로 이만큼 성장했습니다." }),
        relevant: t({ en: `8 hours a week, a German translator (freelance), ${money(300_000)} a month for ads.`, ko: `주 8시간, 독일어 번역가(프리랜서), 월 광고비 ${money(300_000)}.` }),
        timebound: { start, deadline: goalDeadline, cadence: "monthly", growth: "compound", checkpoints: suggestCheckpoints({ start, deadline: goalDeadline, baseline: 2000, target: 4000, cadence: "monthly", growth: "compound" }) },
      },
      children: [
        { en: "Open a German-language Instagram account", ko: "독일어 인스타그램 계정 개설", s: 0, e: 1 },
        { en: "Localise the 50 best-performing posts into German", ko: "성과가 좋았던 게시물 50개를 독일어로 현지화", s: 1, e: 2 },
        { en: "Run a paid promotion across Germany to reach 1,000 local followers", ko: "독일 전역 유료 홍보로 현지 팔로워 1,000명 확보", s: 2, e: 3 },
        { en: "From the next week, post unique or localised German content daily until the goal is met", ko: "그다음 주부터 목표 달성까지 독일어 고유·현지화 콘텐츠를 매일 게시", s: 3, e: 26 },
        { en: "Win 5,000 followers through influencers", ko: "인플루언서를 통해 팔로워 5,000명 확보", s: 4, e: 17 },
      ].map((i, n) => ({
        kind: "initiative" as const,
        key: INITIATIVE_KEYS[n]!,
        data: {
          action: pick(locale, i),
          timeline: { start: week(i.s), end: i.e >= 26 ? goalDeadline : week(i.e) },
          measure: pick(locale, [
            { en: "Account live with bio, link and 9 posts", ko: "소개, 링크, 게시물 9개를 갖춘 계정 공개" },
            { en: "50 posts published in German", ko: "독일어 게시물 50개 발행" },
            { en: "1,000 followers from Germany", ko: "독일 팔로워 1,000명" },
            { en: "One post every day; weekly follower growth", ko: "매일 1개 게시, 주간 팔로워 증가" },
            { en: "5,000 followers attributed to partner codes", ko: "협업 코드로 유입된 팔로워 5,000명" },
          ][n]!),
          resources: pick(locale, [
            { en: "2 hours; a German bio from the translator", ko: "2시간, 번역가의 독일어 소개" },
            { en: "Translator, 10 hours", ko: "번역가 10시간" },
            { en: `${money(300_000)} ad budget`, ko: `광고비 ${money(300_000)}` },
            { en: "1 hour a day", ko: "하루 1시간" },
            { en: `Free pieces for 10 creators; ${money(500_000)} fees`, ko: `크리에이터 10명 제품 제공, 수수료 ${money(500_000)}` },
          ][n]!),
          status: n === 0 ? "done" : n === 1 ? "in_progress" : "planned",
        },
      })),
    },
    {
      kind: "goal",
      key: "goal_sales",
      data: {
        title: t({ en: "Sales from social media", ko: "소셜 미디어 매출" }),
        specific: t({ en: "Grow the share of web-shop orders that come from social media.", ko: "온라인 몰 주문 중 소셜 미디어에서 오는 비율을 높인다." }),
        measurable: { metric: t({ en: "Share of orders from social", ko: "소셜 유입 주문 비율" }), channels: ["@website"], unit: "%", baseline: 25, target: 40, direction: "increase" },
        achievable: t({ en: "UTM links on every post show where orders come from; 40 % is what comparable shops reach.", ko: "모든 게시물의 UTM 링크로 주문 출처를 알 수 있고, 비슷한 몰이 40%에 도달합니다." }),
        relevant: t({ en: "Shop analytics and UTM tags; no extra people.", ko: "몰 분석과 UTM 태그. 추가 인력 불필요." }),
        timebound: { start, deadline: addDays(addMonthsToDate(start, period.months), -1), cadence: "monthly", growth: "linear", checkpoints: [] },
      },
      children: [
        {
          kind: "initiative",
          key: "i_utm",
          data: {
            action: t({ en: "Tag every link in bios and posts with UTM parameters", ko: "모든 프로필·게시물 링크에 UTM 파라미터 붙이기" }),
            timeline: { start, end: week(1) },
            measure: t({ en: "All social orders attributed in analytics", ko: "모든 소셜 주문이 분석에 귀속됨" }),
            resources: t({ en: "1 hour", ko: "1시간" }),
            status: "planned",
          },
        },
      ],
    },
    {
      kind: "persona",
      data: {
        name: t({ en: "Lena, the weekend host", ko: "주말 호스트 레나" }),
        professional: t({ en: "UX designer in Berlin, 8 years' experience, good income.", ko: "베를린의 UX 디자이너, 경력 8년, 소득 양호." }),
        personal: t({ en: "Lives with her partner, no children.", ko: "파트너와 함께 살며 자녀 없음." }),
        demographics: t({ en: "34, woman, Berlin-Kreuzberg.", ko: "34세 여성, 베를린 크로이츠베르크." }),
        communication: t({ en: "Instagram daily, Pinterest for ideas; follows food and interior accounts.", ko: "인스타그램은 매일, 아이디어는 핀터레스트. 음식·인테리어 계정을 팔로우." }),
        business_goals: t({ en: "Lead the design team within two years.", ko: "2년 안에 디자인 팀을 이끌기." }),
        personal_goals: t({ en: "Cook something new every weekend; a calmer home.", ko: "주말마다 새 요리, 더 차분한 집." }),
        challenges: t({ en: "Little time on weekdays; dislikes clutter.", ko: "평일엔 시간이 없고, 어수선함을 싫어함." }),
        impact: t({ en: "Her table looks special with little effort; she shows it to friends.", ko: "적은 노력으로 식탁이 특별해지고 친구들에게 자랑합니다." }),
        objections: t({ en: "Shipping from Korea: cost, time, breakage.", ko: "한국에서의 배송: 비용, 시간, 파손." }),
        usp: t({ en: "Free double-boxed shipping over 80 EUR and a breakage guarantee.", ko: "80유로 이상 이중 포장 무료 배송과 파손 보증." }),
        negative: false,
        photo_upload_id: null,
      },
    },
    {
      kind: "persona",
      data: {
        name: t({ en: "Bargain Ben (negative persona)", ko: "최저가 벤 (부정적 페르소나)" }),
        professional: t({ en: "Student, part-time job.", ko: "학생, 아르바이트." }),
        personal: t({ en: "Shares a flat.", ko: "셰어하우스 거주." }),
        demographics: t({ en: "21, man, any city.", ko: "21세 남성, 도시 무관." }),
        communication: t({ en: "TikTok, deal sites.", ko: "틱톡, 할인 사이트." }),
        business_goals: t({ en: "None related to us.", ko: "우리와 관련 없음." }),
        personal_goals: t({ en: "Furnish cheaply.", ko: "싸게 살림 갖추기." }),
        challenges: t({ en: "Budget.", ko: "예산." }),
        impact: t({ en: "Little: he wants the cheapest option.", ko: "작음. 가장 싼 것을 원함." }),
        objections: t({ en: "Price.", ko: "가격." }),
        usp: t({ en: "None; exclude him from ads to save budget.", ko: "없음. 광고 대상에서 제외해 예산을 아낌." }),
        negative: true,
        photo_upload_id: null,
      },
    },
    {
      kind: "competitor",
      data: {
        name: t({ en: "Big Home Store", ko: "빅홈 스토어" }),
        overview: t({ en: "National lifestyle chain; 40 stores, strong web shop, posts daily on Instagram and TikTok; mission: affordable style for everyone.", ko: "전국 라이프스타일 체인. 매장 40개, 강한 온라인 몰, 인스타그램·틱톡에 매일 게시. 사명: 모두를 위한 합리적인 스타일." }),
        channel_stats: [
          { date: addDays(start, -30), channel: "instagram", followers: 182000, avg_likes: 950, shares: 40, comments: 22 },
          { date: start, channel: "instagram", followers: 185500, avg_likes: 1010, shares: 45, comments: 25 },
        ],
        swot: {
          strengths: lines(locale, { en: ["Price", "Reach"], ko: ["가격", "도달"] }),
          weaknesses: lines(locale, { en: ["Mass-made, no story"], ko: ["대량 생산, 이야기 없음"] }),
          opportunities: lines(locale, { en: ["Collaborations with artists"], ko: ["작가와의 협업"] }),
          threats: lines(locale, { en: ["Sustainability criticism"], ko: ["지속 가능성 비판"] }),
        },
      },
    },
    {
      kind: "competitor",
      data: {
        name: t({ en: "Studio Kiln & Co.", ko: "스튜디오 킬른앤코" }),
        overview: t({ en: "A small studio in Seoul; beautiful work, sells at markets, posts once a month.", ko: "서울의 작은 공방. 작품은 아름답지만 마켓 위주 판매, 월 1회 게시." }),
        channel_stats: [{ date: start, channel: "instagram", followers: 6400, avg_likes: 310, shares: 12, comments: 18 }],
        swot: {
          strengths: lines(locale, { en: ["Distinctive glazes"], ko: ["독특한 유약"] }),
          weaknesses: lines(locale, { en: ["Rare posting", "No web shop"], ko: ["드문 게시", "온라인 몰 없음"] }),
          opportunities: lines(locale, { en: ["Markets abroad"], ko: ["해외 마켓"] }),
          threats: lines(locale, { en: ["Rising rents"], ko: ["임대료 상승"] }),
        },
      },
    },
    {
      kind: "product",
      data: {
        name: t({ en: "Moon mug (hand-thrown, 350 ml)", ko: "달 머그 (물레 성형, 350ml)" }),
        materials: t({ en: "Local stoneware clay, lead-free glaze.", ko: "국내산 석기 점토, 무연 유약." }),
        quality: t({ en: "Fired at 1,250 °C; dishwasher-tested for 500 cycles; maker's mark on each piece.", ko: "1,250°C 소성, 식기세척기 500회 시험, 작품마다 작가 낙관." }),
        unique: t({ en: "Yes: each glaze run is slightly different.", ko: "네. 유약의 흐름이 하나하나 다릅니다." }),
        handmade: yes(),
        origin: t({ en: "Icheon, South Korea", ko: "경기도 이천" }),
        price: price(38_000),
        margin: { unit_cost: price(14_000) },
        fit: t({ en: "Yes for Lena: a small luxury she buys as a gift too.", ko: "레나에게 맞습니다. 선물로도 사는 작은 사치." }),
        frequency: t({ en: "Two or three times a year, more around holidays.", ko: "1년에 2~3번, 명절 전후로 더 자주." }),
        reinvest: 30,
      },
    },
    {
      kind: "product",
      data: {
        name: t({ en: "Everyday bowl set (4 pieces)", ko: "데일리 볼 세트 (4개)" }),
        materials: t({ en: "Stoneware, matte white glaze.", ko: "석기, 무광 백유." }),
        quality: t({ en: "Stackable, chip-resistant rim; two-year breakage guarantee.", ko: "포개기 쉽고 이가 잘 안 빠지는 테두리, 2년 파손 보증." }),
        unique: t({ en: "Not unique in shape; unique in how it feels in the hand.", ko: "모양은 흔하지만 손에 닿는 느낌이 특별합니다." }),
        handmade: yes(),
        origin: t({ en: "Icheon, South Korea", ko: "경기도 이천" }),
        price: price(96_000),
        margin: { unit_cost: price(41_000) },
        fit: t({ en: "A considered purchase; bought when moving or for a wedding.", ko: "신중한 구매. 이사나 결혼 때 구매." }),
        frequency: t({ en: "Once, then single bowls as add-ons.", ko: "한 번, 이후 낱개 추가 구매." }),
        reinvest: 30,
      },
    },
    {
      kind: "review",
      data: {
        date: addMonthsToDate(start, 1),
        results: t({ en: "German account live; 2,252 followers (checkpoint met); 12 orders from Germany.", ko: "독일 계정 개설, 팔로워 2,252명(점검 목표 달성), 독일 주문 12건." }),
        next: t({ en: "Start the paid promotion; brief the first three influencers.", ko: "유료 홍보 시작, 첫 인플루언서 세 명에게 브리핑." }),
        effective: t({ en: "Yes, but localising posts takes longer than planned.", ko: "네, 다만 게시물 현지화가 예상보다 오래 걸립니다." }),
        improve: t({ en: "Batch translations weekly instead of post by post.", ko: "게시물마다가 아니라 매주 몰아서 번역하기." }),
      },
    },
  ] as ExampleRecord[];
}
