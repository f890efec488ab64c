// media/icon.png is drawn by scripts/make-icon.mjs: the committed file must be
// a valid 128×128 RGBA PNG (the size the Marketplace and Open VSX ask for)
// holding exactly the pixels the script draws, so the icon is changed by
// editing the script.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { ICON_FILE, SIZE, encodePng, renderIcon } from '../../../scripts/make-icon.mjs';
import { REPO_ROOT } from '../../helpers/paths';

interface Png {
  width: number;
  height: number;
  colourType: number;
  bitDepth: number;
  pixels: Buffer;
}

/** Reads a PNG written with filter 0 on every row; throws on a bad signature, CRC or filter. */
function decodePng(file: Buffer): Png {
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
  let at = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  for (;;) {
    const len = file.readUInt32BE(at);
    const type = file.toString('ascii', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + len);
    assert.equal(file.readUInt32BE(at + 8 + len), crc32(file.subarray(at + 4, at + 8 + len)) >>> 0, `bad CRC on ${type}`);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  assert.ok(ihdr, 'no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (stride + 1)], 0, `row ${y} uses a filter this reader does not undo`);
    rows.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, bitDepth: ihdr[8]!, colourType: ihdr[9]!, pixels };
}

describe('scripts/make-icon: media/icon.png', function () {
  this.timeout(30_000); // drawing 128×128 pixels at 16 samples each, once
  let drawn: Buffer;
  before(() => {
    drawn = renderIcon();
  });

  it('is a 128×128 RGBA PNG holding the pixels the script draws (run node scripts/make-icon.mjs when this fails)', () => {
    const png = decodePng(readFileSync(join(REPO_ROOT, ICON_FILE)));
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colourType], [128, 128, 8, 6]);
    assert.ok(png.pixels.equals(drawn), `${ICON_FILE} differs from what scripts/make-icon.mjs draws`);
  });

  it('draws an opaque rounded square with transparent corners and the failing line in red', () => {
    const px = drawn;
    const at = (x: number, y: number) => [...px.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4)];
    assert.equal(at(0, 0)[3], 0, 'a corner is transparent');
    assert.equal(at(64, 4)[3], 255, 'the square is opaque');
    const [r, g, b] = at(56, 54);
    assert.ok(r! > 200 && g! < 120 && b! < 120, `the middle line is red: ${[r, g, b]}`);
  });

  it('round-trips through its own encoder', () => {
    const rgba = Buffer.alloc(3 * 2 * 4, 0).fill(200, 0, 4);
    const png = decodePng(encodePng(3, 2, rgba));
    assert.deepEqual([png.width, png.height], [3, 2]);
    assert.ok(png.pixels.equals(rgba));
  });
});
