import { describe, expect, it } from 'vitest';
import { seriesRows } from '../../src/report/chart.ts';
import { curveGrid, lineChart } from '../../src/report/index.ts';

describe('seriesRows', () => {
  it('numbers the points 0, 1, … when x is absent, and takes group and style defaults', () => {
    expect(seriesRows([{ name: 'a', y: [5, 6] }])).toEqual([
      { line: 'a', group: 'a', style: 'solid', order: 0, x: 0, y: 5 },
      { line: 'a', group: 'a', style: 'solid', order: 1, x: 1, y: 6 },
    ]);
  });

  it('drops non-finite points, and non-positive ones on a log axis', () => {
    const s = [{ name: 'a', group: 'g', style: 'faint' as const, x: [1, 2, 3, 4], y: [1, NaN, 0, -1] }];
    expect(seriesRows(s).map((r) => r.x)).toEqual([1, 3, 4]);
    expect(seriesRows(s, { logY: true }).map((r) => r.x)).toEqual([1]);
    expect(seriesRows(s)[0]?.group).toBe('g');
  });
});

describe('lineChart', () => {
  it('refuses a name that cannot be a file name', () => {
    expect(() => lineChart({ name: '../x', title: 't', xTitle: 'x', yTitle: 'y', series: [] })).toThrow(/name/);
    expect(() => lineChart({ name: 'Loss Curve', title: 't', xTitle: 'x', yTitle: 'y', series: [] })).toThrow(/name/);
  });

  it('keeps the name and the title', () => {
    const c = lineChart({ name: 'loss-1', title: 'Loss', xTitle: 'x', yTitle: 'y', series: [{ name: 'a', y: [1] }] });
    expect([c.name, c.title]).toEqual(['loss-1', 'Loss']);
  });
});

describe('curveGrid', () => {
  it('samples f at n evenly spaced points, both ends included', () => {
    expect(curveGrid((t) => t * t, [-1, 1], 3)).toEqual([
      [-1, 1],
      [0, 0],
      [1, 1],
    ]);
  });
});
