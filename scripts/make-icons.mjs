// Makes the installable app's PNG icons from the SVG mark (apps/web/public/favicon.svg's "S" on teal):
//   node scripts/make-icons.mjs
// The PNGs are committed (apps/web/public/icons/); run this again only when the mark changes.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "apps/web/public/icons");
const TEAL = "#0c8599";
const favicon = fs.readFileSync(path.join(ROOT, "apps/web/public/favicon.svg"), "utf8");
// The letter of the mark, drawn in a 32×32 box.
const letter = /<path d="([^"]+)"/.exec(favicon)?.[1];
if (!letter) throw new Error("favicon.svg has no path for the letter");

/** The mark on a square: with rounded corners ("any"), or full-bleed with the letter inside the safe circle ("maskable"). */
const svg = ({ rounded, scale }) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" ${rounded ? 'rx="7"' : ""} fill="${TEAL}"/>
  <g transform="translate(16 16) scale(${scale}) translate(-16 -16)"><path d="${letter}" fill="#fff"/></g>
</svg>`;

const icons = [
  { file: "icon-192.png", size: 192, rounded: true, scale: 1 },
  { file: "icon-512.png", size: 512, rounded: true, scale: 1 },
  // A maskable icon is cut to any shape down to a circle of 80 % of its width: the letter stays inside it.
  { file: "maskable-512.png", size: 512, rounded: false, scale: 0.8 },
  // iOS rounds the corners itself and shows transparency as black.
  { file: "apple-touch-icon.png", size: 180, rounded: false, scale: 0.9 },
];
fs.mkdirSync(OUT, { recursive: true });
for (const icon of icons) {
  await sharp(Buffer.from(svg(icon)), { density: 72 * (icon.size / 32) })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(OUT, icon.file));
  console.log(`apps/web/public/icons/${icon.file}`);
}
