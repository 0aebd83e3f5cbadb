import Fastify from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanStrings, registerCleanText } from "../src/plugins/clean-text.ts";

describe("text cleaned at the boundary", () => {
  it("cleans every string of a JSON body, keys included, but leaves passwords and secrets as typed", () => {
    const body = {
      title: "Re\u0000el\u0007",
      nested: [{ text: "one\r\ntwo\tthree\u001B" }, ["\u0085x"]],
      ["ke\u0000y"]: "v\u0001",
      password: "pa\u0001ss",
      secret: { accessToken: "to\u0000ken" },
      count: 3,
    };
    expect(cleanStrings(body)).toEqual({ title: "Reel", nested: [{ text: "one\ntwo\tthree" }, ["x"]], key: "v", password: "pa\u0001ss", secret: { accessToken: "to\u0000ken" }, count: 3 });
    expect(cleanStrings("a\u0000b")).toBe("ab");
  });

  it("walks a deeply nested body without exhausting the stack", () => {
    let deep: unknown = "x\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => cleanStrings(deep)).not.toThrow();
  });

  it("runs before validation on bodies and query strings of every route", async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    registerCleanText(app);
    app.post("/echo", { schema: { body: z.object({ name: z.string().min(1).max(5) }), querystring: z.object({ q: z.string().optional() }) } }, async (req) => ({ body: req.body, q: req.query.q }));
    // Six characters as sent, five once the NUL is gone: the limit applies to the clean text.
    const res = await app.inject({ method: "POST", url: `/echo?q=${encodeURIComponent("a\u0000b\u0008")}`, payload: { name: "Se\u0000oul" } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ body: { name: "Seoul" }, q: "ab" });
    await app.close();
  });
});
