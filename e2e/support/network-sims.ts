import { createMetaSimulator } from "../../test-peers/meta/index.mjs";
import { registerLinkedIn } from "../../test-peers/linkedin/index.mjs";
import { registerPinterest } from "../../test-peers/pinterest/index.mjs";
import { startSimKit } from "../../test-peers/sim-kit/index.mjs";
import { registerX } from "../../test-peers/x/index.mjs";

/**
 * Several networks' contract simulators behind one address, as one NETWORK_SIMULATOR_URL for the app: LinkedIn, X
 * and Pinterest registered on one sim-kit server, and the Meta simulator answering every host the others do not
 * serve (graph.facebook.com, www.facebook.com…).
 */
export async function startNetworkSimulators() {
  const meta = await createMetaSimulator();
  const sim = await startSimKit({ fallback: (req, res) => meta.handle(req, res) });
  return { sim, url: sim.url, meta, linkedin: registerLinkedIn(sim), x: registerX(sim), pinterest: registerPinterest(sim), close: () => sim.close() };
}
