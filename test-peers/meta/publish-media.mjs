// What the Meta simulator can tell about a fetched media file without a decoder: the image format and size from
// its header, the video container, whether its `moov` box comes before `mdat`, and its duration and picture size.
// Used by publish.mjs to apply the documented media specifications (each rule is cited where it is applied).

/**
 * @param {Buffer} bytes
 * @returns {{ format: "jpeg" | "png" | "gif" | "webp" | "bmp" | "tiff" | "unknown", width: number | null, height: number | null }}
 */
export function sniffImage(bytes) {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { format: "jpeg", ...jpegSize(bytes) };
  }
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { format: "png", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.subarray(0, 4).toString("latin1") === "GIF8") {
    return { format: "gif", width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    return { format: "webp", width: null, height: null };
  }
  if (bytes.length >= 26 && bytes[0] === 0x42 && bytes[1] === 0x4d) {
    return { format: "bmp", width: bytes.readInt32LE(18), height: Math.abs(bytes.readInt32LE(22)) };
  }
  const tiff = bytes.subarray(0, 4).toString("latin1");
  if (tiff === "II*\0" || tiff === "MM\0*") return { format: "tiff", width: null, height: null };
  return { format: "unknown", width: null, height: null };
}

/**
 * Width and height from the first start-of-frame marker (SOF0–SOF15 except DHT/JPG/DAC).
 * @param {Buffer} b @returns {{ width: number | null, height: number | null }}
 */
function jpegSize(b) {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return { width: null, height: null };
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return { width: null, height: null };
    const length = b.readUInt16BE(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && i + 9 <= b.length) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return { width: null, height: null };
}

/**
 * ISO base media file format (MP4 / QuickTime MOV) boxes: `ftyp`, the order of `moov` and `mdat` at the top level,
 * the movie duration (`mvhd`) and the picture size of the first track with one (`tkhd`).
 * @param {Buffer} bytes
 * @returns {{ container: "mp4" | "mov" | null, moovFirst: boolean, durationSec: number | null, width: number | null, height: number | null }}
 */
export function sniffVideo(bytes) {
  const top = boxes(bytes, 0, bytes.length);
  const result = { container: /** @type {"mp4" | "mov" | null} */ (null), moovFirst: false, durationSec: /** @type {number | null} */ (null), width: /** @type {number | null} */ (null), height: /** @type {number | null} */ (null) };
  if (top.length === 0 || top[0].type !== "ftyp") {
    // QuickTime files may start without ftyp; a `moov` or `mdat` at the top level still identifies the container.
    if (!top.some((b) => b.type === "moov")) return result;
    result.container = "mov";
  } else {
    const brand = bytes.subarray(top[0].start, top[0].start + 4).toString("latin1");
    result.container = brand === "qt  " ? "mov" : "mp4";
  }
  const moovAt = top.findIndex((b) => b.type === "moov");
  const mdatAt = top.findIndex((b) => b.type === "mdat");
  result.moovFirst = moovAt >= 0 && (mdatAt < 0 || moovAt < mdatAt);
  if (moovAt < 0) return result;
  const moov = top[moovAt];
  for (const child of boxes(bytes, moov.start, moov.end)) {
    if (child.type === "mvhd") {
      const version = bytes[child.start];
      const timescale = version === 1 ? bytes.readUInt32BE(child.start + 20) : bytes.readUInt32BE(child.start + 12);
      const duration = version === 1 ? Number(bytes.readBigUInt64BE(child.start + 24)) : bytes.readUInt32BE(child.start + 16);
      if (timescale > 0) result.durationSec = duration / timescale;
    }
    if (child.type === "trak" && result.width === null) {
      const tkhd = boxes(bytes, child.start, child.end).find((b) => b.type === "tkhd");
      if (tkhd) {
        const version = bytes[tkhd.start];
        const sizeAt = tkhd.start + (version === 1 ? 88 : 76);
        if (sizeAt + 8 <= tkhd.end) {
          const width = bytes.readUInt32BE(sizeAt) / 65536;
          const height = bytes.readUInt32BE(sizeAt + 4) / 65536;
          // A rotated picture (matrix b/c set, a/d zero) shows height × width.
          const matrixAt = sizeAt - 36;
          const rotated = bytes.readInt32BE(matrixAt) === 0 && bytes.readInt32BE(matrixAt + 4) !== 0;
          if (width > 0 && height > 0) {
            result.width = rotated ? height : width;
            result.height = rotated ? width : height;
          }
        }
      }
    }
  }
  return result;
}

/**
 * The boxes between start and end; `start` of a box is the first byte of its content.
 * @param {Buffer} bytes @param {number} start @param {number} end @returns {Array<{ type: string, start: number, end: number }>}
 */
function boxes(bytes, start, end) {
  /** @type {Array<{ type: string, start: number, end: number }>} */
  const out = [];
  let i = start;
  while (i + 8 <= end) {
    let size = bytes.readUInt32BE(i);
    const type = bytes.subarray(i + 4, i + 8).toString("latin1");
    let header = 8;
    if (size === 1 && i + 16 <= end) {
      size = Number(bytes.readBigUInt64BE(i + 8));
      header = 16;
    } else if (size === 0) {
      size = end - i;
    }
    if (size < header || i + size > end) {
      // A truncated last box (e.g. a large mdat cut short) still tells its type.
      out.push({ type, start: i + header, end });
      break;
    }
    out.push({ type, start: i + header, end: i + size });
    i += size;
  }
  return out;
}
