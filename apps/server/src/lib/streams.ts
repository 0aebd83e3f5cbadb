import type { Readable } from "node:stream";

/** A request body that a content-type parser handed over unread. */
export const isStream = (body: unknown): body is Readable => typeof body === "object" && body !== null && typeof (body as Readable).pipe === "function";
