import sharp from "sharp";

/** A real photo-sized image (a gradient), so that thumbnails are really made smaller. */
export const photo = (width = 1200, height = 800, format: "png" | "jpeg" = "jpeg", hue = 0) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => ((i % (width * 3)) / 3 + hue) % 256)), { raw: { width, height, channels: 3 } })
    [format]()
    .toBuffer();
