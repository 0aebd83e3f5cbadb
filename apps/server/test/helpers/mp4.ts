/**
 * A small but well-formed MP4 file (ISO/IEC 14496-12 boxes): `ftyp`, an `mdat` of filler, and a `moov` with the
 * movie header (`mvhd`, version 0 or 1) and a picture track (`tkhd`, optionally turned a quarter) followed by a sound
 * track. Enough for what the upload reads; players would find no frames in it.
 */
const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
};
const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
};
const IDENTITY = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
const QUARTER_TURN = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];

function tkhd(id: number, width: number, height: number, matrix: number[], version: 0 | 1) {
  const times = version === 1 ? Buffer.concat([u64(0), u64(0), u32(id, 0), u64(0)]) : u32(0, 0, id, 0, 0);
  return box("tkhd", u32(version << 24 | 3), times, Buffer.alloc(8), Buffer.alloc(8), u32(...matrix), u32(width * 65536, height * 65536));
}

export function mp4(opts: { durationMs: number; width: number; height: number; rotated?: boolean; version?: 0 | 1; moovFirst?: boolean }): Buffer {
  const version = opts.version ?? 0;
  const timescale = 600;
  const duration = Math.round((opts.durationMs / 1000) * timescale);
  const header =
    version === 1
      ? Buffer.concat([u32(1 << 24), u64(0), u64(0), u32(timescale), u64(duration)])
      : u32(0, 0, 0, timescale, duration);
  const mvhd = box("mvhd", header, u32(0x10000), Buffer.alloc(2 + 10), u32(...IDENTITY), Buffer.alloc(24), u32(3));
  const picture = box("trak", tkhd(1, opts.width, opts.height, opts.rotated ? QUARTER_TURN : IDENTITY, version));
  const sound = box("trak", tkhd(2, 0, 0, IDENTITY, version));
  const moov = box("moov", mvhd, picture, sound);
  const ftyp = box("ftyp", Buffer.from("isom", "latin1"), u32(0x200), Buffer.from("isomiso2mp41", "latin1"));
  const mdat = box("mdat", Buffer.alloc(4096, 7));
  return opts.moovFirst ? Buffer.concat([ftyp, moov, mdat]) : Buffer.concat([ftyp, mdat, moov]);
}
