/**
 * The top-level groups of en.json/ko.json that the first screens (sign-in, sign-up, password reset, invitations, the
 * signed-in frame and the home screen) show. They load with the app; the other groups load with the first later screen
 * (vite.config.ts splits the files; first-screen-keys.test.ts checks those screens use only these groups).
 */
export const FIRST_SCREEN_KEYS: readonly string[] = [
  "intlLocale",
  "common",
  "errors",
  "fields",
  "language",
  "roles",
  "login",
  "signup",
  "reset",
  "invite",
  "twoFactor",
  "nav",
  "notifications",
  "home",
];
