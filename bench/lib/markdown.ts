import { toMiB } from './proc-stats.js';

/** A GitHub-flavoured markdown table; cells are escaped for pipes. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ms = (value: number, digits = 3): string => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
export const mib = (bytes: number): string => `${toMiB(bytes).toFixed(1)} MiB`;
export const signedMib = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${toMiB(bytes).toFixed(1)} MiB`;
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');
export const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
export const code = (text: string): string => `\`${text}\``;
export const count = (n: number): string => n.toLocaleString('en-US');
