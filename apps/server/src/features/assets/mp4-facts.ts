import fsp from "node:fs/promises";

/** What the networks' rules need of a video: its length, and its picture's size as displayed. */
export interface VideoFacts {
  durationMs: number | null;
  width: number | null;
  height: number | null;
}

/** The `moov` box is read whole; a real one is a few hundred kilobytes even for an hour of video. */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;
const NONE: VideoFacts = { durationMs: null, width: null, height: null };

interface Box {
  type: string;
  /** Where the box's content starts and ends (after its header). */
  start: number;
  end: number;
}

/** The boxes directly inside `buf[from, to)`; stops at the first damaged header. */
function boxes(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) break;
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) break;
    out.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return out;
}

/**
 * The length and picture size of an MP4 or QuickTime (MOV) file, read from its `moov` box: the movie header
 * (`mvhd`: duration ÷ timescale) and the first track with a picture (`tkhd`: width and height, turned when its
 * matrix rotates it a quarter). Pure on the bytes of `moov`; unknown facts are null, never a guess.
 */
export function factsFromMoov(moov: Buffer): VideoFacts {
  let durationMs: number | null = null;
  let width: number | null = null;
  let height: number | null = null;
  for (const box of boxes(moov, 0, moov.length)) {
    if (box.type === "mvhd" && box.end - box.start >= 20) {
      const version = moov[box.start]!;
      const timescale = version === 1 ? moov.readUInt32BE(box.start + 20) : moov.readUInt32BE(box.start + 12);
      const duration = version === 1 ? Number(moov.readBigUInt64BE(box.start + 24)) : moov.readUInt32BE(box.start + 16);
      // An all-ones duration means "unknown" (a fragmented file).
      if (timescale > 0 && duration !== 0xffffffff) durationMs = Math.round((duration / timescale) * 1000);
    }
    if (box.type === "trak" && width === null) {
      const tkhd = boxes(moov, box.start, box.end).find((b) => b.type === "tkhd");
      if (!tkhd) continue;
      const version = moov[tkhd.start]!;
      // Version 1 has 64-bit times and duration: 12 more bytes before the matrix.
      const matrix = tkhd.start + (version === 1 ? 52 : 40);
      if (matrix + 44 > tkhd.end) continue;
      const w = moov.readUInt32BE(matrix + 36) / 65536;
      const h = moov.readUInt32BE(matrix + 40) / 65536;
      if (w <= 0 || h <= 0) continue; // a sound track
      const a = moov.readInt32BE(matrix);
      const b = moov.readInt32BE(matrix + 4);
      const quarterTurn = a === 0 && Math.abs(b) === 65536;
      width = Math.round(quarterTurn ? h : w);
      height = Math.round(quarterTurn ? w : h);
    }
  }
  return { durationMs, width, height };
}

/** Video facts of the MP4/MOV file at `file`, reading only box headers and the `moov` box. */
export async function videoFacts(file: string): Promise<VideoFacts> {
  const handle = await fsp.open(file, "r");
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= size) {
      await handle.read(header, 0, 16, at);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) boxSize = size - at;
      if (boxSize < headerSize) return NONE;
      if (type === "moov") {
        const length = Math.min(boxSize - headerSize, size - at - headerSize);
        if (length > MAX_MOOV_BYTES) return NONE;
        const moov = Buffer.alloc(length);
        await handle.read(moov, 0, length, at + headerSize);
        return factsFromMoov(moov);
      }
      at += boxSize;
    }
    return NONE;
  } finally {
    await handle.close();
  }
}
