import { describe, expect, it } from 'vitest';
import { formatNumber, formatTable, summaryTable } from '../../src/report/index.ts';

describe('formatNumber', () => {
  it('keeps 4 significant digits, switches to exponent form for very small and very large values', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1.23456)).toBe('1.235');
    expect(formatNumber(-42)).toBe('-42');
    expect(formatNumber(0.000012346)).toBe('1.235e-5');
    expect(formatNumber(123456)).toBe('1.235e+5');
    expect(formatNumber(NaN)).toBe('-');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });
});

describe('formatTable', () => {
  it('pads every column to its widest cell, numbers to the right, text to the left', () => {
    const t = formatTable(
      ['name', 'loss'],
      [
        ['a', 1.5],
        ['longer', 0.25],
      ],
    );
    expect(t.split('\n')).toEqual(['name    loss', '------  ----', 'a        1.5', 'longer  0.25']);
  });

  it('measures width in characters, not UTF-16 units (x₂₀, θ)', () => {
    const t = formatTable(['θ', 'x₂₀'], [['𝑤', 1]]);
    const lines = t.split('\n');
    expect(lines[1]).toBe('-  ---');
    expect(lines[2]).toBe('𝑤    1');
  });
});

describe('summaryTable', () => {
  it('has the four columns and one line per scenario, times to 0.01 s', () => {
    const t = summaryTable([
      { scenario: 'one weight', result: 'w = 4.36', loss: 1.111, seconds: 0.123 },
      { scenario: 'mnist', result: 'accuracy 93%', loss: 0.2849, seconds: 5.5 },
    ]);
    const lines = t.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^scenario\s+result\s+loss\s+time \(s\)$/);
    expect(lines[2]).toMatch(/^one weight\s+w = 4\.36\s+1\.111\s+0\.12$/);
    expect(lines[3]).toMatch(/5\.50$/);
  });
});
