import type { Network } from "@socialplan/schema";
import type { DB } from "../../db/database.ts";
import type { PostsTable } from "../../db/schema.ts";
import { channelEntries } from "./posts.repository.ts";

export interface ChannelInfo {
  id: string;
  network: Network;
  handle: string;
  name: string;
  /** The channel's address as written in the strategy ("" when none): an export's account id may be part of it. */
  url: string;
}

/** The workspace's channels (strategy §11), by id. */
export async function channelsOf(db: DB, workspaceId: string): Promise<Map<string, ChannelInfo>> {
  return channelsFromRows(await channelEntries(db, workspaceId));
}

/** Channels from their strategy records (`data` as stored). */
export function channelsFromRows(rows: readonly { id: string; data: string }[]): Map<string, ChannelInfo> {
  return new Map(
    rows.map((r) => {
      const d = JSON.parse(r.data) as { network?: Network; handle?: string; url?: string };
      const network = d.network ?? "other";
      const handle = (d.handle ?? "").trim().replace(/^@/, "");
      return [r.id, { id: r.id, network, handle, name: handle ? `${network} @${handle}` : network, url: (d.url ?? "").trim() }];
    }),
  );
}

export const variantsOf = (r: Pick<PostsTable, "variants">) => JSON.parse(r.variants) as { channelId: string; text: string | null; format?: "feed" | "story"; firstComment?: string | null }[];
export const mediaOf = (r: Pick<PostsTable, "media">) => JSON.parse(r.media) as { assetId: string; alt: string }[];
/** The text that goes to one channel: its own variant, or the base text. */
export const textFor = (r: Pick<PostsTable, "variants" | "body">, channelId: string) => variantsOf(r).find((v) => v.channelId === channelId)?.text ?? r.body;
