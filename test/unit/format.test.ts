import { describe, expect, it } from 'vitest';
import { formatBenchmark, formatBytes, formatChange, formatDifference, formatNumber, formatPoints, formatValue } from '../../functions/core/format';
import { slug } from '../../functions/core/slug';

describe('numbers as a Dutch reader reads them', () => {
  it('writes a value in its unit: whole counts with a thousands point, one decimal otherwise', () => {
    expect(formatValue(1234.4, 'aantal')).toBe('1.234');
    expect(formatValue(1234.5, 'aantal')).toBe('1.235');
    expect(formatValue(12.5, 'percentage')).toBe('12,5%');
    expect(formatValue(26, 'dagen')).toBe('26,0 dagen');
    expect(formatValue(7.25, 'minuten')).toBe('7,3 minuten');
  });

  it('writes the number alone for axes and the tables beside charts', () => {
    expect(formatNumber(2077.6, 'aantal')).toBe('2.078');
    expect(formatNumber(16.94, 'percentage')).toBe('16,9');
    expect(formatNumber(25, 'dagen')).toBe('25,0');
  });

  it('signs a change with a plus or a real minus, and calls less than 0,05% no change', () => {
    expect(formatChange(0.032)).toBe('+3,2%');
    expect(formatChange(-0.015)).toBe('−1,5%');
    expect(formatChange(0.0004)).toBe('0,0%');
    expect(formatChange(-0.0004)).toBe('0,0%');
    expect(formatChange(0.0005)).toBe('+0,1%');
    expect(formatChange(-0.0006)).toBe('−0,1%');
  });

  it('gives a difference of percentages in procentpunten, and one that rounds to nothing as 0,0', () => {
    expect(formatPoints(0.3)).toBe('+0,3 procentpunt');
    expect(formatPoints(-0.8)).toBe('−0,8 procentpunt');
    expect(formatPoints(0.04)).toBe('0,0 procentpunt');
    expect(formatPoints(-0.04)).toBe('0,0 procentpunt');
  });

  it('gives the size of a difference in the unit, without a sign', () => {
    expect(formatDifference(-0.6, 'percentage')).toBe('0,6 procentpunt');
    expect(formatDifference(-1.24, 'dagen')).toBe('1,2 dagen');
    expect(formatDifference(3, 'minuten')).toBe('3,0 minuten');
    expect(formatDifference(-14.4, 'aantal')).toBe('14');
    expect(formatDifference(1499.5, 'aantal')).toBe('1.500');
  });

  it('gives a benchmark as the report prints it: a count as its change in percent, else its level', () => {
    expect(formatBenchmark(-2.5, 'aantal')).toBe('−2,5%');
    expect(formatBenchmark(17.2, 'percentage')).toBe('17,2%');
    expect(formatBenchmark(25.3, 'dagen')).toBe('25,3 dagen');
  });

  it('gives a file size in KB below a megabyte and in MB from one', () => {
    expect(formatBytes(1536)).toBe('2 KB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.024 KB');
    expect(formatBytes(1024 * 1024)).toBe('1,0 MB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2,5 MB');
  });
});

describe('a name as part of a file name', () => {
  it('is lower case ASCII words joined by hyphens', () => {
    expect(slug('Gemeente Aan de Maas')).toBe('gemeente-aan-de-maas');
    expect(slug('Súdwest-Fryslân')).toBe('sudwest-fryslan');
    expect(slug("  's-Hertogenbosch! ")).toBe('s-hertogenbosch');
    expect(slug('West Maas en Waal')).toBe('west-maas-en-waal');
  });
});
