export * from "./auth.ts";
export * from "./common.ts";
export * from "./locale.ts";
export * from "./roles.ts";
export * from "./validators.ts";
export * from "./workspace.ts";
export * from "./i18n/translate.ts";
export type { Messages } from "./i18n/messages.en.ts";
export * from "./issues.ts";
