// Chart colours from VS Code's theme variables, read again whenever the theme changes (VS Code
// swaps the body's vscode-light / vscode-dark / vscode-high-contrast class).
import { RUN_PALETTE } from '../../shared/seriesShaping.ts';

export interface ChartTheme {
  foreground: string;
  grid: string;
  background: string;
  fontFamily: string;
  highContrast: boolean;
  /** Resolved RUN_PALETTE colours. */
  palette: string[];
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = cssVar(style, '--vscode-editor-foreground', cssVar(style, '--vscode-foreground', '#888888'));
  return {
    foreground,
    grid: highContrast ? withAlpha(foreground, 0.5) : cssVar(style, '--vscode-editorWidget-border', withAlpha(foreground, 0.15)),
    background: cssVar(style, '--vscode-editor-background', '#ffffff'),
    fontFamily: cssVar(style, '--vscode-font-family', 'sans-serif'),
    highContrast,
    palette: RUN_PALETTE.map((entry) => (entry.cssVar ? cssVar(style, entry.cssVar, entry.color) : entry.color)),
  };
}

/** The colour with an alpha, for hex and rgb() theme values; others are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/iu.exec(color.trim());
  if (hex) {
    let digits = hex[1];
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((c) => c + c).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/iu.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}

/** Calls `onChange` when VS Code switches themes. */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(() => onChange()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
