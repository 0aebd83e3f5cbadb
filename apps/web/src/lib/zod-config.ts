import { config } from "zod/v4/core";

// The Content-Security-Policy allows no eval: without this, zod probes `new Function` when its first object schema is
// built (a reported CSP violation) and would compile parsers with it. Imported first by main.tsx, before any schema.
config({ jitless: true });
