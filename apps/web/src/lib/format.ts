import { useTranslation } from "react-i18next";

/** Dates and numbers through Intl, in the user's language and the given time zone. */
export function useFormat(timeZone?: string) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  return {
    dateTime: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", ...(timeZone ? { timeZone } : {}) }).format(new Date(iso)),
    date: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", ...(timeZone ? { timeZone } : {}) }).format(new Date(iso)),
    month: (month: string) =>
      new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`)),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}
