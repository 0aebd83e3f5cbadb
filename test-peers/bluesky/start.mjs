// Starts a local PLC directory and a Bluesky PDS on loopback, then prints one JSON line: {"pds": url, "plc": url}.
// Used by apps/server/test/helpers/bluesky-peer.ts; stops on SIGTERM.
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PDS, envToCfg, envToSecrets, readEnv } from "@atproto/pds";
import { PlcServer, Database } from "@did-plc/server";
import { Secp256k1Keypair } from "@atproto/crypto";

const [pdsPort, plcPort] = [Number(process.env.PDS_PORT), Number(process.env.PLC_PORT)];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-pds-"));

const plc = PlcServer.create({ db: Database.mock(), port: plcPort });
plc.server = plc.app.listen(plcPort, "127.0.0.1");
await once(plc.server, "listening");

const rotation = await Secp256k1Keypair.create({ exportable: true });
Object.assign(process.env, {
  PDS_HOSTNAME: "localhost",
  PDS_PORT: String(pdsPort),
  PDS_DATA_DIRECTORY: dir,
  PDS_BLOBSTORE_DISK_LOCATION: path.join(dir, "blobs"),
  PDS_DID_PLC_URL: `http://127.0.0.1:${plcPort}`,
  PDS_JWT_SECRET: randomBytes(16).toString("hex"),
  PDS_ADMIN_PASSWORD: "admin-pass",
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: Buffer.from(await rotation.export()).toString("hex"),
  PDS_DEV_MODE: "true",
  PDS_INVITE_REQUIRED: "false",
  PDS_CRAWLERS: "",
  LOG_ENABLED: "false",
});
const env = readEnv();
const pds = await PDS.create(envToCfg(env), envToSecrets(env));
// PDS.start() listens on every interface; bind to loopback ourselves, as start() would otherwise.
await pds.ctx.sequencer.start();
pds.server = pds.app.listen(pdsPort, "127.0.0.1");
await once(pds.server, "listening");
console.log(JSON.stringify({ pds: `http://127.0.0.1:${pdsPort}`, plc: `http://127.0.0.1:${plcPort}` }));

process.once("SIGTERM", async () => {
  pds.server.close();
  plc.server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
