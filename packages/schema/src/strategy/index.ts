export * from "./api.ts";
export * from "./catalog.ts";
export * from "./document.ts";
export * from "./entries.ts";
export * from "./goals.ts";
export * from "./status.ts";
export * from "./types.ts";
