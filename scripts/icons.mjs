// Generates the app's icons (public/icons/*.png) with Node alone: no image library, no network. The PNGs are committed;
// run `node scripts/icons.mjs` after changing the drawing, and the output is byte for byte the same on every machine
// (no timestamps in the chunks, fixed zlib level).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const OUT_DIR = path.join(import.meta.dirname, "..", "public", "icons");

// The app's accent (#0f766e) behind a white check mark: the same colours as the header and the primary button.
const BACKGROUND = [0x0f, 0x76, 0x6e];
const MARK = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGB PNG from a pixel function (x, y) → [r, g, b]. */
function png(size, pixel) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // compression, filter and interlace methods stay 0
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x, y);
      rows[row + 1 + x * 3] = r;
      rows[row + 2 + x * 3] = g;
      rows[row + 3 + x * 3] = b;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** Distance from point p to the segment a–b, all in unit coordinates. */
function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * A check mark on a full square. `scale` shrinks the mark towards the centre: a maskable icon keeps everything that
 * matters inside the safe zone (the central circle of 80% diameter), because launchers crop it to their own shape.
 * Edges are anti-aliased by supersampling 4×4 points per pixel.
 */
function drawIcon(size, scale) {
  const stroke = 0.075 * scale;
  const at = (u) => 0.5 + (u - 0.5) * scale;
  const [ax, ay, bx, by, cx, cy] = [at(0.28), at(0.53), at(0.44), at(0.69), at(0.74), at(0.35)];
  const samples = 4;
  return png(size, (x, y) => {
    let inside = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const px = (x + (sx + 0.5) / samples) / size;
        const py = (y + (sy + 0.5) / samples) / size;
        const d = Math.min(distanceToSegment(px, py, ax, ay, bx, by), distanceToSegment(px, py, bx, by, cx, cy));
        if (d <= stroke) inside++;
      }
    }
    const a = inside / (samples * samples);
    return BACKGROUND.map((bg, i) => Math.round(bg + (MARK[i] - bg) * a));
  });
}

const ICONS = [
  { file: "icon-192.png", size: 192, scale: 1 },
  { file: "icon-512.png", size: 512, scale: 1 },
  { file: "icon-maskable-512.png", size: 512, scale: 0.7 },
  { file: "apple-touch-icon.png", size: 180, scale: 0.85 },
];

mkdirSync(OUT_DIR, { recursive: true });
for (const { file, size, scale } of ICONS) {
  const bytes = drawIcon(size, scale);
  writeFileSync(path.join(OUT_DIR, file), bytes);
  console.log(`public/icons/${file}: ${size}×${size}, ${bytes.length} bytes`);
}
