import { LOCALES, MESSAGES, pickLocale, type Locale } from "@socialplan/schema";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ko from "./ko.json";

const STORAGE_KEY = "socialplan.locale";

/** The language before login: the one chosen last on this device, else the browser's. */
export function initialLocale(): Locale {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  return pickLocale(typeof navigator !== "undefined" ? navigator.languages : []);
}

void i18n.use(initReactI18next).init({
  // Network names are shared with the server's exports.
  resources: { en: { translation: { ...en, networks: MESSAGES.en.networks } }, ko: { translation: { ...ko, networks: MESSAGES.ko.networks } } },
  lng: initialLocale(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

export default i18n;
