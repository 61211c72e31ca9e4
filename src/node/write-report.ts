/**
 * Writing a report to a folder: every chart rendered to <dir>/<name>.svg, and an index.html linking them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkOptions } from '../data/arguments.js';
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

/** What `writeReport` writes (its parameter's type, spelt out in the signature for the API reference). */
type ReportContents = { readonly title: string; readonly charts: readonly Chart[]; readonly summary?: string };

const reportKeys: KeySet<ReportContents> = { title: true, charts: true, summary: true };

/** The arguments of writeReport, as a JavaScript caller may pass them: an ArgumentError naming the bad one. */
const checkReport = (dir: unknown, report: ReportContents): void => {
  const where = 'writeReport';
  if (typeof dir !== 'string' || dir === '')
    throw new ArgumentError(where, `dir: expected a folder path, got ${describeValue(dir)}`);
  if (typeof report !== 'object' || report === null || Array.isArray(report)) {
    throw new ArgumentError(where, `report: expected {title, charts, summary?}, got ${describeValue(report)}`);
  }
  checkOptions(where, report, reportKeys, 'report');
  if (typeof report.title !== 'string')
    throw new ArgumentError(where, `report.title: expected a string, got ${describeValue(report.title)}`);
  if (report.summary !== undefined && typeof report.summary !== 'string')
    throw new ArgumentError(where, `report.summary: expected a string, got ${describeValue(report.summary)}`);
  if (!Array.isArray(report.charts))
    throw new ArgumentError(where, `report.charts: expected an array of charts, got ${describeValue(report.charts)}`);
  report.charts.forEach((c: unknown, i) => {
    const ok =
      typeof c === 'object' &&
      c !== null &&
      'name' in c &&
      typeof c.name === 'string' &&
      'title' in c &&
      typeof c.title === 'string' &&
      'spec' in c;
    if (!ok)
      throw new ArgumentError(
        where,
        `report.charts[${i}]: expected a chart {name, title, spec} (e.g. lossCurve(…)), got ${describeValue(c)}`,
      );
  });
};

/**
 * writeReport(dir, {title, charts, summary}): creates dir, writes each chart as <name>.svg and index.html
 * (title, summary, every chart linked), and returns the paths. Two charts with one name, or arguments of the
 * wrong kind, are refused with an ArgumentError (the promise rejects) before anything is written.
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
  checkReport(dir, report);
  const seen = new Set<string>();
  for (const c of report.charts) {
    if (seen.has(c.name)) throw new ArgumentError('writeReport', `report.charts: two charts are named "${c.name}"`);
    seen.add(c.name);
  }
  // Every chart is drawn before anything is written: a chart that cannot be drawn leaves no half-written report.
  const drawn: { readonly name: string; readonly svg: string }[] = [];
  for (const c of report.charts) drawn.push({ name: c.name, svg: await renderSvg(c) });
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const { name, svg } of drawn) {
    const file = join(dir, `${name}.svg`);
    await writeFile(file, svg);
    files.push(file);
  }
  const index = join(dir, 'index.html');
  const entries = report.charts.map((c) => ({ file: `${c.name}.svg`, title: c.title }));
  await writeFile(
    index,
    indexPage({ title: report.title, entries, ...(report.summary === undefined ? {} : { summary: report.summary }) }),
  );
  return { dir, index, files };
};
