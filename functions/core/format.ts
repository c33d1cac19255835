import type { Unit } from './catalogue';

const INTEGER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Dutch number formatting: `1.234`, `12,5%`, `26,4 dagen`. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'aantal':
      return INTEGER.format(Math.round(value));
    case 'percentage':
      return `${ONE_DECIMAL.format(value)}%`;
    case 'dagen':
    case 'minuten':
      // One decimal: whole days made "25 dagen" and "26 dagen" of the same movement.
      return `${ONE_DECIMAL.format(value)} ${unit}`;
  }
}

/**
 * The number alone, for chart axes and the tables beside charts, where the unit is in the caption:
 * `2.078`, `16,9`, `25,3`.
 */
export function formatNumber(value: number, unit: Unit): string {
  return unit === 'aantal' ? INTEGER.format(Math.round(value)) : ONE_DECIMAL.format(value);
}

/** A signed percentage change, `+3,2%` / `−1,5%` (with a real minus sign). */
export function formatChange(fraction: number): string {
  const text = ONE_DECIMAL.format(Math.abs(fraction * 100));
  if (Math.abs(fraction) < 0.0005) return '0,0%';
  return `${fraction > 0 ? '+' : '−'}${text}%`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
