import type { Locale } from "@socialplan/schema";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

const STORAGE_KEY = "socialplan.locale";

// Each language's messages are chunks of their own, in two parts (see first-screen-keys.ts): a visitor downloads
// the language shown, and of it what the first screens say until a later screen asks for the rest.
// (The languages are @socialplan/schema's LOCALES; that module also builds zod schemas, which the first screen
// would then have to load, so the list is the keys here, checked against Locale by the type.)
type Messages = { default: Record<string, unknown> };
const MESSAGE_FILES: Record<Locale, { first: () => Promise<Messages>; later: () => Promise<Messages> }> = {
  en: { first: () => import("virtual:messages/en/first"), later: () => import("virtual:messages/en/later") },
  ko: { first: () => import("virtual:messages/ko/first"), later: () => import("virtual:messages/ko/later") },
};
const isLocale = (value: string | null | undefined): value is Locale => !!value && Object.hasOwn(MESSAGE_FILES, value);

/** The language before login: the one chosen last on this device, else the first of the browser's we have. */
export function initialLocale(): Locale {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  if (isLocale(saved)) return saved;
  const preferred = (typeof navigator !== "undefined" ? navigator.languages : []).map((tag) => tag.toLowerCase().split("-")[0]).find(isLocale);
  return preferred ?? "en";
}

/** Set once a later screen has loaded: what the screens add to the rest of each language's messages. */
let later: ((locale: Locale) => Record<string, unknown>) | undefined;
const parts = new Map<string, Promise<void>>();

function loadPart(locale: Locale, part: "first" | "later"): Promise<void> {
  const key = `${locale}/${part}`;
  let loading = parts.get(key);
  if (!loading) {
    loading = MESSAGE_FILES[locale][part]().then(({ default: messages }) => {
      i18n.addResourceBundle(locale, "translation", part === "later" ? { ...messages, ...later?.(locale) } : messages, true, true);
    });
    parts.set(key, loading);
  }
  return loading;
}

async function loadMessages(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, "first"), later && loadPart(locale, "later")]);
  // A later screen may have asked for the rest while this language's first part was on its way.
  if (later) await loadPart(locale, "later");
}

/** Loads the rest of the messages (with `extra` ones, e.g. the network names shared with the server) for the languages loaded now and later. */
export async function loadLaterMessages(extra: (locale: Locale) => Record<string, unknown>): Promise<void> {
  later = extra;
  const started = (Object.keys(MESSAGE_FILES) as Locale[]).filter((locale) => parts.has(`${locale}/first`));
  await Promise.all(started.map(loadMessages));
}

/** Resolves once the first language's messages are loaded: render the app after it. */
export const i18nReady: Promise<void> = (async () => {
  const locale = initialLocale();
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  await i18n.use(initReactI18next).init({
    resources: {},
    lng: locale,
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    // Screens shown when more messages arrive render again with them.
    react: { bindI18nStore: "added" },
  });
  await loadMessages(locale);
  await i18n.changeLanguage(locale);
})();

let wanted: Locale | undefined;

/** Switches the language as soon as its messages are loaded (the last choice wins if several are in flight). */
export function setLocale(locale: Locale): void {
  wanted = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void loadMessages(locale).then(() => {
    if (wanted === locale) void i18n.changeLanguage(locale);
  });
}

export default i18n;
