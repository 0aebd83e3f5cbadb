import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import type { Config } from "../config.ts";

/**
 * Which requests leave a log line (LOG_REQUESTS). Writing two lines for every request ("incoming request", "request
 * completed") cost more than the rest of a cached read route; by default only the lines worth reading are written:
 * - "slow" (default): failed requests (4xx at info, 5xx at error) and those slower than LOG_SLOW_MS (at warn);
 * - "errors": failed requests only;
 * - "all": both of Fastify's lines for every request, as before;
 * - "off": no request lines.
 * Whatever the setting, every line a request writes itself (audit and security warnings, "request failed" with the
 * stack of a 5xx) is written as before, with its request id.
 */
export class RequestLog extends LogController {
  constructor(
    private readonly mode: Config["logRequests"],
    private readonly slowMs: number,
  ) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.mode === "all") super.incomingRequest(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.mode === "all") return super.requestCompleted(error, request, reply);
    if (this.mode === "off") return;
    const status = reply.statusCode;
    if (!error && status < 400 && this.mode === "errors") return;
    const responseTime = reply.elapsedTime;
    const slow = this.mode === "slow" && responseTime > this.slowMs;
    // One line says it all (no "incoming request" line went before it): the request, the answer and its time.
    if (error || status >= 500) reply.log.error({ req: request, res: reply, err: error ?? undefined, responseTime }, error ? "request errored" : "request completed");
    else if (slow) reply.log.warn({ req: request, res: reply, responseTime, slowMs: this.slowMs }, "slow request");
    else if (status >= 400) reply.log.info({ req: request, res: reply, responseTime }, "request completed");
  }
}

/** Fastify's log controller for the configured LOG_REQUESTS and LOG_SLOW_MS. */
export const requestLog = (config: Pick<Config, "logRequests" | "logSlowMs">) => new RequestLog(config.logRequests, config.logSlowMs);
