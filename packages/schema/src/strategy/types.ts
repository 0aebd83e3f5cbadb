import type { ChannelStat, Kpi, Swot, Timeframe } from "./entries.ts";
import type { Network } from "./catalog.ts";

/** The shapes of the collections' data, for the screens (the stored data is checked by `ENTRY_DATA_SCHEMAS`). */
export interface GoalData {
  title?: string;
  risks?: string;
  specific?: string;
  measurable?: Kpi;
  achievable?: string;
  relevant?: string;
  timebound?: Timeframe;
}
export interface InitiativeData {
  action?: string;
  timeline?: { start?: string; end?: string };
  measure?: string;
  resources?: string;
  owner_member_id?: string | null;
  status?: "planned" | "in_progress" | "on_hold" | "done";
  risks?: string;
}
export interface CompetitorData {
  name?: string;
  overview?: string;
  channel_stats?: ChannelStat[];
  swot?: Swot;
}
export interface ProductData {
  name?: string;
  price?: number;
  margin?: { unit_cost?: number };
  [field: string]: unknown;
}
export interface ChannelData {
  network?: Network;
  handle?: string;
  url?: string;
  purpose?: string;
  main_sales?: boolean;
  support?: boolean;
  ad_priority?: number;
  content_types?: string[];
  posts_per_week?: number;
  kpis?: string[];
}
export interface PersonaData {
  name?: string;
  negative?: boolean;
  photo_upload_id?: string | null;
  [field: string]: unknown;
}
