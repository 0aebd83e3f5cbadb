import { randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the real time in milliseconds, then a counter for ids made in the same millisecond
 * by this process, then random bits. Ids made one after the other sort in that order, so records written in one
 * instant of the service clock (a test's fixed clock, or one request) keep the order they were written in.
 */
export function newOrderedId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else sequence = (sequence + 1) & 0xfff;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
