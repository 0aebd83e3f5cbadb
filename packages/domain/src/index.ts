export * from "./hats.ts";
export * from "./money.ts";
export * from "./period.ts";
export * from "./checkpoints.ts";
export * from "./completeness.ts";
export * from "./dates.ts";
export * from "./margin.ts";
