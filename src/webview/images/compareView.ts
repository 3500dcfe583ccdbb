// Two images of one row compared at full size: side by side, a swipe (a slider uncovers the second
// over the first) or the pixel difference on a canvas. Run data only ever goes in as text.
import { el } from '../dom.ts';
import { pixelDiff } from './pixelDiff.ts';

export type CompareMode = 'side' | 'swipe' | 'diff';

export interface ComparedImage {
  label: string;
  /** The full-size image as a data URI, once loaded. */
  dataUri?: string;
  /** Why it cannot be shown (too big, failed), when so. */
  problem?: string;
}

function loadImage(dataUri: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = dataUri;
  return image.decode().then(() => image);
}

/** The theme's red as [r, g, b], read from the computed style (hex or rgb()). */
function highlightColour(): [number, number, number] {
  const probe = el('span');
  probe.style.color = 'var(--vscode-charts-red, #f14c4c)';
  document.body.append(probe);
  const match = /(\d+)[,\s]+(\d+)[,\s]+(\d+)/u.exec(getComputedStyle(probe).color);
  probe.remove();
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [241, 76, 76];
}

function figure(image: ComparedImage, className = ''): HTMLElement {
  const box = el('figure', { className: `compared ${className}`.trim() });
  if (image.dataUri) {
    const img = el('img');
    img.src = image.dataUri;
    img.alt = image.label;
    box.append(img);
  } else {
    box.append(el('div', { className: 'placeholder', text: image.problem ?? 'Loading full size…' }));
  }
  box.append(el('figcaption', { text: image.label }));
  return box;
}

function swipe(a: ComparedImage, b: ComparedImage): HTMLElement {
  const under = el('img', { className: 'swipe-under' });
  const over = el('img', { className: 'swipe-over' });
  under.src = a.dataUri ?? '';
  over.src = b.dataUri ?? '';
  under.alt = a.label;
  over.alt = b.label;
  const stage = el('div', { className: 'swipe-stage' }, under, over);
  stage.id = 'swipe-stage';
  const slider = el('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = '100';
  slider.value = '50';
  slider.id = 'swipe-slider';
  slider.setAttribute('aria-label', `Swipe between ${a.label} (left) and ${b.label} (right)`);
  // The second image shows right of the slider's position; left of it, the first.
  const place = () => {
    over.style.clipPath = `inset(0 0 0 ${slider.value}%)`;
  };
  slider.addEventListener('input', place);
  place();
  return el('div', { className: 'swipe' }, stage, slider, el('p', { className: 'legend', text: `Left: ${a.label} · right: ${b.label}` }));
}

function difference(a: ComparedImage, b: ComparedImage): HTMLElement {
  const canvas = el('canvas');
  canvas.id = 'diff-canvas';
  const summary = el('p', { className: 'legend', text: 'Computing the difference…' });
  summary.id = 'diff-summary';
  void (async () => {
    const [first, second] = await Promise.all([loadImage(a.dataUri ?? ''), loadImage(b.dataUri ?? '')]);
    const width = first.naturalWidth;
    const height = first.naturalHeight;
    const read = (image: HTMLImageElement) => {
      const scratch = el('canvas');
      scratch.width = width;
      scratch.height = height;
      const context = scratch.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('No 2D canvas.');
      context.drawImage(image, 0, 0, width, height);
      return context.getImageData(0, 0, width, height).data;
    };
    const diff = pixelDiff(read(first), read(second), highlightColour());
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.putImageData(new ImageData(diff.pixels, width, height), 0, 0);
    const share = ((100 * diff.differing) / (width * height)).toFixed(1);
    const resized = second.naturalWidth !== width || second.naturalHeight !== height ? ` (the second image was scaled from ${second.naturalWidth}×${second.naturalHeight})` : '';
    summary.textContent = `${diff.differing} of ${width * height} pixels differ (${share}%), largest channel difference ${diff.largest}${resized}.`;
    canvas.dataset.differing = String(diff.differing);
  })().catch((error: unknown) => {
    summary.textContent = `Could not compare the pixels: ${error instanceof Error ? error.message : String(error)}`;
  });
  return el('div', { className: 'diff' }, canvas, summary);
}

/** The compare area's content for the chosen mode; placeholders until both images are loaded. */
export function compareBody(mode: CompareMode, a: ComparedImage, b: ComparedImage): HTMLElement {
  if (mode === 'side' || !a.dataUri || !b.dataUri) return el('div', { className: 'side-by-side' }, figure(a), figure(b));
  return mode === 'swipe' ? swipe(a, b) : difference(a, b);
}
