// Bundles the server (and the workspace packages it imports) into dist/; npm dependencies stay external.
import { build } from "esbuild";

await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "externalise-npm-packages",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@socialplan/") ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
