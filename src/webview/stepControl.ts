// "At step N" for Compare Runs and the runs table: a slider over the runs' steps, a number box for
// any step, and "Latest" to go back to the latest values. Dragging only moves the number; the
// choice is made on release (or Enter, or arrow keys), so each drag asks the host once.
import type { StepRange } from '../shared/compareProtocol.ts';
import { el } from './dom.ts';

export interface StepControlOptions {
  range?: StepRange;
  step?: number;
  onChange(step: number | undefined): void;
}

export function stepControl({ range, step, onChange }: StepControlOptions): HTMLElement {
  const slider = el('input', { className: 'step-slider' });
  slider.type = 'range';
  slider.id = 'step-slider';
  slider.min = String(range?.min ?? 0);
  slider.max = String(range?.max ?? 0);
  slider.step = '1';
  slider.value = String(step ?? range?.max ?? 0);
  slider.disabled = !range;
  slider.setAttribute('aria-label', 'Step');
  const box = el('input', { className: 'step-input' });
  box.type = 'number';
  box.id = 'step-input';
  box.step = '1';
  box.placeholder = 'latest';
  box.value = step === undefined ? '' : String(step);
  box.setAttribute('aria-label', 'Show metrics at step (empty: latest values)');
  const latest = el('button', { text: 'Latest', title: 'Show the latest values' });
  latest.id = 'step-latest';
  latest.disabled = step === undefined;

  const choose = (text: string) => {
    const value = text.trim() === '' ? undefined : Math.trunc(Number(text));
    if (value !== undefined && !Number.isFinite(value)) return;
    if (value === step) return;
    onChange(value);
  };
  slider.addEventListener('input', () => {
    box.value = slider.value;
  });
  slider.addEventListener('change', () => choose(slider.value));
  box.addEventListener('change', () => choose(box.value));
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') choose(box.value);
  });
  latest.addEventListener('click', () => choose(''));
  const label = el('label', { text: 'At step ', title: 'Each run\'s value at this step, or at its nearest earlier step (marked ≤)' }, box);
  return el('span', { className: 'step-control' }, label, slider, latest);
}
