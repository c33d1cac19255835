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

/**
 * A difference between two percentages, in procentpunten: `+0,3 procentpunt`, `−0,8 procentpunt`.
 * A relative change of a percentage ("16,9% vs 17,7%: −4,4%") reads as if the level moved 4,4%.
 */
export function formatPoints(difference: number): string {
  const text = ONE_DECIMAL.format(Math.abs(difference));
  if (text === ONE_DECIMAL.format(0)) return '0,0 procentpunt';
  return `${difference > 0 ? '+' : '−'}${text} procentpunt`;
}

/** A difference in the indicator's own unit without a sign, for "… beter" / "… slechter": `0,6 procentpunt`, `1,2 dagen`, `14`. */
export function formatDifference(difference: number, unit: Unit): string {
  const magnitude = Math.abs(difference);
  switch (unit) {
    case 'percentage':
      return `${ONE_DECIMAL.format(magnitude)} procentpunt`;
    case 'dagen':
    case 'minuten':
      return `${ONE_DECIMAL.format(magnitude)} ${unit}`;
    case 'aantal':
      return INTEGER.format(Math.round(magnitude));
  }
}

/**
 * A Divosa benchmark as the report prints it: for a count, the change on a year earlier in percent
 * (`+3,2%`); for a percentage or a duration, the level (`16,9%`, `25,3 dagen`).
 */
export function formatBenchmark(value: number, unit: Unit): string {
  return unit === 'aantal' ? formatChange(value / 100) : formatValue(value, unit);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${ONE_DECIMAL.format(bytes / 1024 / 1024)} MB` : `${INTEGER.format(Math.round(bytes / 1024))} KB`;
}
