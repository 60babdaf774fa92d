/** Whether to colour: --no-color and NO_COLOR win, FORCE_COLOR forces, otherwise only on a terminal. */
import { ANSI, PLAIN, type Palette } from '../render/palette.js';
import type { CliIo } from './io.js';

export function paletteFor(io: CliIo, noColorFlag: boolean | undefined): Palette {
  if (noColorFlag) return PLAIN;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return PLAIN;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return ANSI;
  return io.isTTY === true ? ANSI : PLAIN;
}
