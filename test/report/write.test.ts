import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/node.ts';
import { lossCurve } from '../../src/report/index.ts';
import { countMarks, parseSvg } from './svg.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes one SVG per chart and an index linking them', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'gradfold-report-')), 'nested');
    dirs.push(dir);
    const charts = [
      lossCurve([3, 2, 1], { name: 'a', title: 'A' }),
      lossCurve({ x: [1, 2], y: [2, 1] }, { name: 'b', title: 'B' }),
    ];
    const written = await writeReport(dir, { title: 'Report', charts, summary: 'table' });
    expect((await readdir(dir)).sort()).toEqual(['a.svg', 'b.svg', 'index.html']);
    expect(written.files).toEqual([join(dir, 'a.svg'), join(dir, 'b.svg')]);
    expect(countMarks(parseSvg(await readFile(join(dir, 'b.svg'), 'utf8')), 'line')).toBe(2);
    const index = await readFile(written.index, 'utf8');
    expect(index).toContain('href="a.svg"');
    expect(index).toContain('href="b.svg"');
    expect(index).toContain('<pre>table</pre>');
  });

  it('refuses two charts with one name before writing anything', async () => {
    const dir = join(tmpdir(), `gradfold-report-dup-${process.pid}`);
    dirs.push(dir);
    const c = lossCurve([1], { name: 'same', title: 'S' });
    await expect(writeReport(dir, { title: 'R', charts: [c, c] })).rejects.toThrow(/same/);
    await expect(readdir(dir)).rejects.toThrow();
  });
});

describe('parseSvg (the test helper)', () => {
  it('rejects documents that are not well-formed', () => {
    expect(() => parseSvg('<svg><g></svg>')).toThrow();
    expect(() => parseSvg('<html></html>')).toThrow(/not an SVG/);
  });
});

describe('writeReport with a chart Vega-Lite cannot draw', () => {
  it('writes nothing: the folder is not even created', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gradfold-report-')), 'never');
    const bad = {
      name: 'bad',
      title: 'Bad',
      spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'no-such-mark' },
    };
    await expect(writeReport(dir, { title: 'R', charts: [bad] })).rejects.toThrow(/renderSvg: chart "bad"/);
    expect(existsSync(dir)).toBe(false);
  });
});
