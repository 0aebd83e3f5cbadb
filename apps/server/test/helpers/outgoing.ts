import type { Outgoing } from "../../src/features/publishing/adapters/types.ts";

/**
 * The parts of an `Outgoing` that tests calling an adapter directly (not through the publisher) rarely care about:
 * no steps recorded yet, steps kept in memory, media URLs never fetched, a connection that notes holds and quotas.
 */
export function outgoingExtras(over: Partial<Pick<Outgoing, "steps" | "networkSimulatorUrl" | "now">> = {}): Pick<Outgoing, "steps" | "recordStep" | "mediaUrl" | "connection" | "networkSimulatorUrl" | "now" | "format" | "firstComment" | "options"> & {
  holds: Date[];
  quotas: Array<{ used: number; limit: number; windowHours: number }>;
} {
  const steps = over.steps ?? {};
  const holds: Date[] = [];
  const quotas: Array<{ used: number; limit: number; windowHours: number }> = [];
  return {
    steps,
    recordStep: async (step, id) => {
      steps[step] = id;
    },
    // Never fetched in these tests: the address is only passed on.
    mediaUrl: async (item) => `http://socialplan.test/media/${encodeURIComponent(item.assetId)}`,
    connection: {
      id: "connection",
      remoteAccountId: null,
      hold: async (until) => {
        holds.push(until);
      },
      setQuota: async (q) => {
        quotas.push(q);
      },
    },
    networkSimulatorUrl: over.networkSimulatorUrl,
    now: over.now ?? (() => new Date()),
    format: "feed",
    firstComment: null,
    options: {},
    holds,
    quotas,
  };
}
