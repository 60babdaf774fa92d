/** Terminal colour as a value: renderers stay pure and print plain text unless handed a palette. */
import type { Severity } from '../core/lint/types.js';

export interface Palette {
  readonly severity: (severity: Severity, text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = { error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39) };

export const PLAIN: Palette = { severity: (_severity, text) => text, dim: (text) => text, bold: (text) => text };
export const ANSI: Palette = { severity: (severity, text) => SEVERITY_COLOUR[severity](text), dim: sgr(2, 22), bold: sgr(1, 22) };
