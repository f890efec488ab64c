// Draws media/icon.png, the 128×128 icon of the Marketplace and Open VSX
// pages: a lens over three stack-frame lines, the failing one in red, on a
// dark rounded square. Plain Node: shapes as signed distances, 4×4 samples a
// pixel for smooth edges, and a small PNG encoder over node:zlib (RGBA,
// filter 0). Edit this file, not the PNG, and run it again:
//
//   node scripts/make-icon.mjs            writes media/icon.png
//
// test/unit/scripts/makeIcon.test.ts checks that the committed PNG holds
// exactly the pixels this script draws.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const SIZE = 128;
export const ICON_FILE = 'media/icon.png';
const SAMPLES = 4;

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const BG_TOP = hex('#3b2d63');
const BG_BOTTOM = hex('#221a3a');
const GLASS = hex('#f3effb');
const FRAME = hex('#a99bd1');
const FAILING = hex('#f5475b');

/** Distance from (x, y) to a rounded rectangle's edge (negative inside). */
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to a capsule: the segment (ax, ay)-(bx, by) widened by r. */
function capsule(x, y, ax, ay, bx, by, r) {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - r;
}

/** Distance to a ring centred at (cx, cy) of radius r and half-width w. */
function ring(x, y, cx, cy, r, w) {
  return Math.abs(Math.hypot(x - cx, y - cy) - r) - w;
}

/** The colour at a point, as [r, g, b, a] (0-255), back to front. */
function shade(x, y) {
  if (roundedRect(x, y, 0, 0, SIZE, SIZE, 26) > 0) return [0, 0, 0, 0];
  const t = y / SIZE;
  let c = BG_TOP.map((v, i) => v + (BG_BOTTOM[i] - v) * t);
  const over = (d, color) => {
    if (d <= 0) c = color;
  };
  const lens = { cx: 56, cy: 54, r: 31, w: 5.5 };
  // The frame lines inside the glass, the middle one failing.
  over(capsule(x, y, 38, 41, 70, 41, 3.2), FRAME);
  over(capsule(x, y, 38, 54, 76, 54, 4.2), FAILING);
  over(capsule(x, y, 38, 67, 62, 67, 3.2), FRAME);
  // The lens and its handle.
  over(ring(x, y, lens.cx, lens.cy, lens.r, lens.w), GLASS);
  over(capsule(x, y, 81, 79, 103, 101, 7.5), GLASS);
  return [...c, 255];
}

/** The icon as RGBA bytes, row by row. */
export function renderIcon() {
  const px = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = shade(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          // Premultiplied, so transparent samples do not darken the edge.
          sum[0] += (r * a) / 255;
          sum[1] += (g * a) / 255;
          sum[2] += (b * a) / 255;
          sum[3] += a;
        }
      }
      const n = SAMPLES * SAMPLES;
      const a = sum[3] / n;
      const i = (y * SIZE + x) * 4;
      px[i] = a ? Math.round((sum[0] / n) * (255 / a)) : 0;
      px[i + 1] = a ? Math.round((sum[1] / n) * (255 / a)) : 0;
      px[i + 2] = a ? Math.round((sum[2] / n) * (255 / a)) : 0;
      px[i + 3] = Math.round(a);
    }
  }
  return px;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A PNG file of RGBA pixels (8 bits a channel, no interlace, filter 0 on every row). */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', ICON_FILE);
  const png = encodePng(SIZE, SIZE, renderIcon());
  writeFileSync(out, png);
  console.log(`wrote ${ICON_FILE} (${SIZE}×${SIZE}, ${png.length} bytes)`);
}
