import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

type Compile = FastifySerializerCompiler<z.ZodType>;

/**
 * Response serialisation from the routes' zod schemas, compiled once per route by fast-json-stringify
 * (Fastify's own serializer): only the properties the schema names are written, so a row with more columns
 * (a password hash, a TOTP secret) never leaks. Much faster than checking each response with zod; a schema
 * JSON Schema cannot express falls back to the zod serializer.
 */
export const serializerCompiler: Compile = (route) => {
  // Compiled on the route's first answer, not at start: a hundred and more routes cost the cold start otherwise.
  let serialize: ((data: unknown) => string) | null = null;
  return (data: unknown) => {
    if (!serialize) {
      const jsonSchema = toJsonSchema(route.schema);
      serialize = jsonSchema ? fastJson(jsonSchema as Parameters<typeof fastJson>[0]) : ((zodSerializerCompiler as Compile)(route) as (d: unknown) => string);
    }
    return serialize(data);
  };
};

function toJsonSchema(schema: z.ZodType): object | null {
  try {
    const { $schema: _drop, ...json } = z.toJSONSchema(schema, { target: "draft-7", io: "output", unrepresentable: "throw" });
    return json;
  } catch {
    return null;
  }
}
