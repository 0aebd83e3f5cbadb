import type { HeaderTable } from "../../lib/header-match.ts";

/**
 * Headers of a bulk post file (ours, Sprout Social's, Hootsuite's when it has a header row, and the spreadsheets
 * people make for them), compared by `headerKey`: "Post Text", "post_text" and "post text" are one spelling.
 */
export const POST_COLUMNS = {
  date: { en: ["date", "post date", "publish date", "scheduled date", "date and time", "date/time", "datetime", "scheduled at", "publish at"], ko: ["날짜", "게시 날짜", "예약 날짜", "게시일", "일자", "날짜 및 시간", "일시"], de: ["datum", "veröffentlichungsdatum", "datum und uhrzeit"] },
  time: { en: ["time", "post time", "publish time", "scheduled time"], ko: ["시간", "시각", "게시 시간", "예약 시간"], de: ["uhrzeit", "zeit"] },
  text: { en: ["text", "message", "post text", "content", "caption", "body", "post"], ko: ["본문", "내용", "메시지", "텍스트", "게시물 내용", "캡션"], de: ["text", "nachricht", "beitragstext", "inhalt"] },
  link: { en: ["link", "url", "link url", "website"], ko: ["링크", "url"], de: ["link", "url"] },
  channel: { en: ["channel", "channels", "network", "social network", "profile", "account"], ko: ["채널", "네트워크", "계정"], de: ["kanal", "netzwerk", "konto"] },
  title: { en: ["title"], ko: ["제목"], de: ["titel"] },
  campaign: { en: ["campaign", "utm campaign"], ko: ["캠페인"], de: ["kampagne"] },
} satisfies HeaderTable<string>;
export type PostField = keyof typeof POST_COLUMNS;

/** Hootsuite's bulk file without a header row: date and time, message, link. */
export const HOOTSUITE_POSITIONS: [PostField, number][] = [
  ["date", 0],
  ["text", 1],
  ["link", 2],
];

/** A spreadsheet's name for a column without a header: A, B, … Z, AA, AB… */
export function columnLetter(i: number): string {
  let n = i + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
