// Draws media/icon.png (128×128): three feature-map slabs narrowing like a CNN, seen through a lens.
// Pure Node (zlib for the PNG deflate stream), 4×4 supersampling for smooth edges. Run: node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../media/icon.png');

// Shapes as "is this point inside?" tests, painted in order (later on top). Colours are RGBA 0-255.
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};
// A slab: a parallelogram leaning right, the "depth" view of a feature map.
const slab = (cx, cy, w, h, lean) => (x, y) => {
  if (y < cy - h / 2 || y > cy + h / 2) return false;
  const shift = lean * ((cy + h / 2 - y) / h);
  return x >= cx - w / 2 + shift && x <= cx + w / 2 + shift;
};
const ring = (cx, cy, r0, r1) => (x, y) => { const d = Math.hypot(x - cx, y - cy); return d >= r0 && d <= r1; };
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const handle = (x0, y0, x1, y1, half) => (x, y) => {
  const vx = x1 - x0, vy = y1 - y0, t = Math.max(0, Math.min(1, ((x - x0) * vx + (y - y0) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (x0 + t * vx), y - (y0 + t * vy)) <= half;
};

const layers = [
  [roundedRect(4, 4, 124, 124, 22), [23, 37, 64, 255]],
  [slab(46, 44, 56, 22, 14), [56, 189, 248, 255]],
  [slab(46, 66, 42, 18, 12), [45, 212, 191, 255]],
  [slab(46, 86, 28, 14, 10), [250, 204, 21, 255]],
  [disc(86, 78, 23), [255, 255, 255, 46]],
  [ring(86, 78, 20, 26), [241, 245, 249, 255]],
  [handle(104, 96, 117, 109, 5.5), [241, 245, 249, 255]],
];

function over(dst, [r, g, b, a]) {
  const alpha = a / 255;
  return [dst[0] * (1 - alpha) + r * alpha, dst[1] * (1 - alpha) + g * alpha, dst[2] * (1 - alpha) + b * alpha, dst[3] + (255 - dst[3]) * alpha];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES, py = y + (sy + 0.5) / SAMPLES;
        let c = [0, 0, 0, 0];
        for (const [inside, colour] of layers) if (inside(px, py)) c = over(c, colour);
        // premultiply so transparent samples do not darken the edges
        sum[0] += c[0] * c[3]; sum[1] += c[1] * c[3]; sum[2] += c[2] * c[3]; sum[3] += c[3];
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const a = sum[3] / (SAMPLES * SAMPLES);
    raw[o + 3] = Math.round(a);
    for (let k = 0; k < 3; k++) raw[o + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0); header.writeUInt32BE(SIZE, 4);
header[8] = 8; header[9] = 6; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
