import { afterAll, beforeAll } from "vitest";
import { createTestApp, type TestApp, type TestDialect } from "./test-app.ts";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtp() {
  const inbox: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a describe block: a real SMTP server and an app that sends through it, started before the tests
 * and stopped after. Read `env.t` and `env.smtp` inside the tests.
 */
export function useAppWithSmtp(dialect: TestDialect) {
  const env = {} as { t: TestApp; smtp: Awaited<ReturnType<typeof startSmtp>> };
  beforeAll(async () => {
    env.smtp = await startSmtp();
    env.t = await createTestApp(dialect, { env: { SMTP_URL: env.smtp.url } });
  });
  afterAll(async () => {
    await env.t.close();
    await env.smtp.close();
  });
  return env;
}
