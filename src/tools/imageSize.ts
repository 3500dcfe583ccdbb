// An image's pixel size from its first bytes (PNG, GIF, JPEG, WebP) or its root element (SVG), so
// an agent learns what a plot is without being sent it.

export interface PixelSize {
  width: number;
  height: number;
}

export const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg']);

function png(b: Buffer): PixelSize | undefined {
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function gif(b: Buffer): PixelSize | undefined {
  if (b.length < 10 || !/^GIF8[79]a$/u.test(b.toString('latin1', 0, 6))) return undefined;
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

/** Walks JPEG segments to the first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC). */
function jpeg(b: Buffer): PixelSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return undefined;
}

function webp(b: Buffer): PixelSize | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  return undefined;
}

/** width/height attributes of the root <svg> (px or unitless), else its viewBox. */
function svg(b: Buffer): PixelSize | undefined {
  const root = /<svg\b[^>]*>/iu.exec(b.toString('utf8', 0, Math.min(b.length, 64 * 1024)))?.[0];
  if (!root) return undefined;
  const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'iu').exec(root)?.[1];
  const length = (value: string | undefined) => (value && /^\s*[\d.]+\s*(px)?\s*$/iu.test(value) ? Number.parseFloat(value) : undefined);
  const width = length(attribute('width'));
  const height = length(attribute('height'));
  if (width !== undefined && height !== undefined) return { width, height };
  const box = attribute('viewBox')?.trim().split(/[\s,]+/u).map(Number);
  return box?.length === 4 && box.every(Number.isFinite) ? { width: box[2], height: box[3] } : undefined;
}

/** The pixel size the header states, or undefined when the bytes are not an image this reads. */
export function imagePixelSize(extension: string, bytes: Buffer): PixelSize | undefined {
  if (extension === 'svg') return svg(bytes);
  return png(bytes) ?? jpeg(bytes) ?? gif(bytes) ?? webp(bytes);
}
