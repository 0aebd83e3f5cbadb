import type { HeaderTable } from "../../lib/header-match.ts";

/**
 * Headers of Meta Business Suite exports (Instagram and Facebook; posts, and the account or Page by day), in the
 * account's language. Spellings are compared by `headerKey`, so "조회", "조회수" and "조회 수" are one spelling, as
 * are "Duration (sec)" and "Duration". Metric fields carry the metric's name.
 */
export const META_COLUMNS = {
  post_id: { en: ["post id", "media id"], ko: ["게시물 id", "미디어 id"], de: ["beitrags-id"] },
  published: { en: ["publish time", "published", "publish date", "created time"], ko: ["게시 시간", "게시 날짜", "게시 일시", "게시일"], de: ["veröffentlichungszeitpunkt", "veröffentlichungszeit", "veröffentlichungsdatum"] },
  permalink: { en: ["permalink", "post link"], ko: ["고유 링크", "퍼머링크", "게시물 링크"], de: ["permalink", "beitragslink"] },
  caption: { en: ["description", "caption", "message"], ko: ["설명", "캡션", "메시지"], de: ["beschreibung", "bildunterschrift"] },
  title: { en: ["title"], ko: ["제목"], de: ["titel"] },
  post_type: { en: ["post type", "media type"], ko: ["게시물 유형", "미디어 유형"], de: ["beitragstyp", "medientyp"] },
  // The account, from the most specific identifier to the least: the account is matched in that order.
  account_id: { en: ["account id", "page id", "instagram account id", "user id"], ko: ["계정 id", "페이지 id", "instagram 계정 id"], de: ["konto-id", "seiten-id"] },
  account_username: { en: ["account username", "username", "instagram username", "handle"], ko: ["계정 사용자 이름", "사용자 이름", "사용자명"], de: ["konto-benutzername", "kontobenutzername", "benutzername"] },
  account_name: { en: ["account name", "page name", "account", "page", "profile name"], ko: ["계정 이름", "페이지 이름", "계정명", "페이지명", "계정", "페이지", "프로필 이름"], de: ["kontoname", "seitenname", "konto", "seite", "profilname"] },
  // A post export's "Date" says "Lifetime"; an account's export by day has the day there.
  date: { en: ["date", "day", "period", "date range"], ko: ["날짜", "기간", "일자", "날짜 범위"], de: ["datum", "zeitraum", "tag"] },
  views: { en: ["views", "plays", "video views", "reel plays"], ko: ["조회", "재생", "동영상 조회", "릴스 재생"], de: ["aufrufe", "wiedergaben", "videoaufrufe"] },
  impressions: { en: ["impressions"], ko: ["노출"], de: ["impressionen"] },
  reach: { en: ["reach", "accounts reached", "post reach", "page reach", "instagram reach", "facebook reach"], ko: ["도달", "도달한 계정", "게시물 도달", "페이지 도달"], de: ["reichweite", "erreichte konten", "beitragsreichweite"] },
  likes: { en: ["likes"], ko: ["좋아요"], de: ["gefällt mir", "„gefällt mir“-angaben", "gefällt-mir-angaben", "likes"] },
  reactions: { en: ["reactions"], ko: ["반응", "공감"], de: ["reaktionen"] },
  comments: { en: ["comments"], ko: ["댓글"], de: ["kommentare"] },
  shares: { en: ["shares"], ko: ["공유"], de: ["geteilte inhalte", "teilen", "geteilt", "mal geteilt"] },
  saves: { en: ["saves", "saved"], ko: ["저장"], de: ["speicherungen", "gespeichert"] },
  followers: { en: ["followers", "page followers", "instagram followers", "facebook followers", "total followers"], ko: ["팔로워", "페이지 팔로워", "전체 팔로워"], de: ["follower", "abonnenten", "follower insgesamt"] },
  follows: { en: ["follows", "new follows", "new followers"], ko: ["팔로우", "새 팔로워", "새 팔로우"], de: ["follows", "neue follower", "neue follows"] },
  profile_visits: { en: ["profile visits", "instagram profile visits", "page visits", "facebook visits", "facebook page visits", "visits"], ko: ["프로필 방문", "페이지 방문", "방문"], de: ["profilaufrufe", "profilbesuche", "seitenbesuche", "besuche"] },
  link_clicks: { en: ["link clicks", "external link taps", "website clicks"], ko: ["링크 클릭", "외부 링크 탭", "웹사이트 클릭"], de: ["link-klicks", "klicks auf externe links", "websiteklicks"] },
} satisfies HeaderTable<string>;
export type MetaField = keyof typeof META_COLUMNS;

/** Headers of a Facebook Page export (rather than an Instagram account's): a hint when two channels share a handle. */
export const FACEBOOK_HEADERS = ["page id", "page name", "페이지 id", "페이지 이름", "seiten-id", "seitenname", "reactions", "반응", "reaktionen"];

/** Headers of a GA4 traffic acquisition export. */
export const GA4_COLUMNS = {
  source_medium: { en: ["session source / medium", "source / medium", "first user source / medium"], ko: ["세션 소스/매체", "소스/매체", "첫 사용자 소스/매체"], de: ["sitzungsquelle/-medium", "quelle/medium", "erste quelle/medium des nutzers"] },
  source: { en: ["session source", "source", "first user source"], ko: ["세션 소스", "소스", "첫 사용자 소스"], de: ["sitzungsquelle", "quelle"] },
  medium: { en: ["session medium", "medium", "first user medium"], ko: ["세션 매체", "매체", "첫 사용자 매체"], de: ["sitzungsmedium", "medium"] },
  campaign: { en: ["session campaign", "campaign", "session campaign name", "first user campaign"], ko: ["세션 캠페인", "캠페인", "첫 사용자 캠페인"], de: ["sitzungskampagne", "kampagne"] },
  date: { en: ["date"], ko: ["날짜"], de: ["datum"] },
  sessions: { en: ["sessions"], ko: ["세션"], de: ["sitzungen"] },
  key_events: { en: ["key events", "conversions"], ko: ["주요 이벤트", "전환"], de: ["schlüsselereignisse", "conversions"] },
  revenue: { en: ["total revenue", "revenue", "purchase revenue"], ko: ["총 수익", "수익", "구매 수익"], de: ["gesamtumsatz", "umsatz", "umsatz durch käufe"] },
} satisfies HeaderTable<string>;
