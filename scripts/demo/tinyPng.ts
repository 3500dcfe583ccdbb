// A small line-chart PNG drawn pixel by pixel, so the demo has an image artifact without
// committing a binary file. PNG: signature, IHDR, one zlib IDAT of RGB scanlines, IEND.
import zlib from 'node:zlib';

type Rgb = readonly [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0; // filter type None
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Plots each series (same length) over a light grid; y spans the values' range. */
export function lineChartPng(series: { values: number[]; color: Rgb }[], width = 320, height = 200): Buffer {
  const pixels = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, [r, g, b]: Rgb) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    pixels.set([r, g, b], (Math.round(y) * width + Math.round(x)) * 3);
  };
  const margin = 16;
  for (let i = 0; i <= 4; i++) {
    const y = margin + ((height - 2 * margin) * i) / 4;
    for (let x = margin; x < width - margin; x++) set(x, y, [225, 225, 225]);
  }
  for (let y = margin; y < height - margin; y++) set(margin, y, [160, 160, 160]);
  const all = series.flatMap((s) => s.values);
  const min = Math.min(...all);
  const span = Math.max(...all) - min || 1;
  for (const { values, color } of series) {
    const point = (i: number) => ({
      x: margin + ((width - 2 * margin) * i) / Math.max(values.length - 1, 1),
      y: height - margin - ((height - 2 * margin) * (values[i] - min)) / span,
    });
    for (let i = 1; i < values.length; i++) {
      const a = point(i - 1);
      const b = point(i);
      const steps = Math.ceil(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)));
      for (let s = 0; s <= steps; s++) {
        const x = a.x + ((b.x - a.x) * s) / steps;
        const y = a.y + ((b.y - a.y) * s) / steps;
        set(x, y, color);
        set(x, y + 1, color);
      }
    }
  }
  return encodePng(width, height, pixels);
}
