/**
 * `npm run demo` end to end: it runs every scenario, prints the summary table, and writes every chart and an
 * index linking them to the folder it names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countMarks, parseSvg } from '../report/svg.ts';

const dir = mkdtempSync(join(tmpdir(), 'gradfold-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo', () => {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--out', dir], {
    encoding: 'utf8',
    timeout: 120_000,
  });

  it('prints one table row per scenario with its result', () => {
    const table = stdout.slice(stdout.indexOf('scenario '));
    for (const row of [
      '1 one weight',
      '2 per-sample SGD',
      '3 quadratic fit',
      '4 six optimizers',
      '5 MNIST',
      '6 linear',
      'robust regression',
      'gradient checks',
      'curve fit',
    ]) {
      expect(table).toContain(row);
    }
    expect(table).toMatch(/predict\(4\) = 8\.00/);
    expect(table).toMatch(/accuracy (9\d|8\d)\.\d%/);
  });

  it('writes the charts and an index that links each of them', () => {
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(12);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const f of svgs) expect(index).toContain(`href="${f}"`);
    expect(stdout).toContain(`${svgs.length} charts and an index written to ${join(dir, 'index.html')}`);
    expect(countMarks(parseSvg(readFileSync(join(dir, 'optimizers-paths.svg'), 'utf8')), 'symbol')).toBe(6 * 21);
  });
});
