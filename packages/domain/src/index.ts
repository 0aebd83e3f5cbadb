export * from "./hats.ts";
export * from "./money.ts";
export * from "./period.ts";
