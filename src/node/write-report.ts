/**
 * Writing a report to a folder: every chart rendered to <dir>/<name>.svg, and an index.html linking them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chart } from '../report/chart.js';
import { indexPage } from '../report/html.js';
import { renderSvg } from '../report/render.js';

/** What `writeReport` wrote. */
export interface WrittenReport {
  /** The folder written to, as given (created with its parents if missing). */
  readonly dir: string;
  /** The path of the index page: join(dir, 'index.html'). */
  readonly index: string;
  /** The paths of the SVG files, join(dir, `${name}.svg`), in the order of the charts. */
  readonly files: readonly string[];
}

/**
 * writeReport(dir, {title, charts, summary}): creates dir, writes each chart as <name>.svg and index.html
 * (title, summary, every chart linked), and returns the paths. Two charts with one name are refused.
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const charts = [lossCurve([1, 0.5, 0.25], { name: 'loss', title: 'Loss' })];
 * const written = await writeReport(mkdtempSync(join(tmpdir(), 'report-')), { title: 'gradfold demo', charts });
 */
export const writeReport = async (
  dir: string,
  report: { readonly title: string; readonly charts: readonly Chart[]; readonly summary?: string },
): Promise<WrittenReport> => {
  const seen = new Set<string>();
  for (const c of report.charts) {
    if (seen.has(c.name)) throw new RangeError(`writeReport: two charts are named "${c.name}"`);
    seen.add(c.name);
  }
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const c of report.charts) {
    const file = join(dir, `${c.name}.svg`);
    await writeFile(file, await renderSvg(c));
    files.push(file);
  }
  const index = join(dir, 'index.html');
  const entries = report.charts.map((c) => ({ file: `${c.name}.svg`, title: c.title }));
  await writeFile(index, indexPage({ title: report.title, entries, ...(report.summary === undefined ? {} : { summary: report.summary }) }));
  return { dir, index, files };
};
