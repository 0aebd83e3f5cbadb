import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";
export type DB = Kysely<Database>;
