import { z } from "zod";
import { describe, expect, it } from "vitest";
import { serializerCompiler } from "../src/lib/serializer.ts";

const compile = (schema: z.ZodType) => serializerCompiler({ schema, method: "GET", url: "/x", httpStatus: "200" });

describe("response serialisation", () => {
  it("writes only the properties the schema names, at every depth", () => {
    const serialize = compile(
      z.object({ id: z.string(), members: z.array(z.object({ name: z.string(), role: z.enum(["owner", "viewer"]) })) }),
    );
    const row = { id: "w1", password_hash: "$argon2id$…", members: [{ name: "Mina", role: "owner", totp_secret: "v1:abc" }] };
    expect(JSON.parse(serialize(row))).toEqual({ id: "w1", members: [{ name: "Mina", role: "owner" }] });
  });

  it("keeps nulls, optional fields, numbers and booleans as they are", () => {
    const serialize = compile(z.object({ a: z.string().nullable(), b: z.number().int().optional(), c: z.boolean(), d: z.number() }));
    expect(JSON.parse(serialize({ a: null, c: false, d: 1.5 }))).toEqual({ a: null, c: false, d: 1.5 });
    expect(JSON.parse(serialize({ a: "x", b: 3, c: true, d: 0 }))).toEqual({ a: "x", b: 3, c: true, d: 0 });
  });

  it("escapes strings so the output is always valid JSON", () => {
    const serialize = compile(z.object({ s: z.string() }));
    const s = 'quote " backslash \\ newline \n tab \t 한글 \u2028 </script>';
    expect(JSON.parse(serialize({ s }))).toEqual({ s });
  });

  it("refuses a response that lacks a required property instead of sending half an object", () => {
    const serialize = compile(z.object({ id: z.string(), name: z.string() }));
    expect(() => serialize({ id: "w1" })).toThrow(/name/);
  });
});
