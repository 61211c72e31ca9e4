/**
 * Charts as data: a chart is a name (its file stem), a title and a Vega-Lite specification. Builders here and
 * in the neighbouring files only assemble specifications (pure, cheap, testable); `renderSvg` draws them.
 *
 * The workhorse is `lineChart`: several named series of (x, y) points, each drawn as a line in its group's
 * colour and its own style (solid, dashed, or faint for raw data under a smoothed curve).
 */
import { elementAt } from '../core/invariant.js';
import type { TopLevelSpec } from 'vega-lite';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkBoolean } from '../data/arguments.js';
import {
  checkChartName,
  checkDistinct,
  checkInterval,
  checkNumbers,
  checkOptionalString,
  checkRecord,
  checkSameLength,
  checkString,
} from './arguments.js';

/**
 * A Vega-Lite specification as plain JSON data (schema v6, data inlined): what the builders return and what
 * vega-embed or Vega-Lite's `compile` take. Typed by gradfold itself so that its declarations need neither
 * vega-lite's types nor the DOM library; `renderSvg` checks the schema before handing it to Vega-Lite, which
 * validates the rest.
 */
export interface VegaLiteSpec {
  /** The schema URL, `https://vega.github.io/schema/vega-lite/v6.json` for gradfold's builders. */
  readonly $schema?: string;
}

/** A chart ready to render: `name` is a file stem ([a-z0-9-]), `title` a caption. */
export interface Chart {
  /** The file stem: lowercase letters, digits and dashes, first a letter or digit (`/^[a-z0-9][a-z0-9-]*$/`). */
  readonly name: string;
  /** The caption, drawn above the plot and used in the report's index. */
  readonly title: string;
  /** The Vega-Lite specification (schema v6), data inlined. */
  readonly spec: VegaLiteSpec;
}

/** How a line is drawn. */
export type LineStyle = 'solid' | 'dashed' | 'faint';

/** One line: y against x (x defaults to 0, 1, 2, …). `group` sets the colour and the legend entry (default name). */
export interface Series {
  /** The line's name: identifies it, and is its legend entry when `group` is absent. */
  readonly name: string;
  /** The y values; non-finite points are dropped. */
  readonly y: readonly number[];
  /** The x values, xᵢ paired with yᵢ, as many as y (default xᵢ = i). */
  readonly x?: readonly number[];
  /** Colour and legend entry, shared by every series with the same group (default `name`). */
  readonly group?: string;
  /**
   * How the line is drawn: solid, dashed, or faint (opacity 0.3, for raw data under a smoothed curve) (default
   * `'solid'`).
   */
  readonly style?: LineStyle;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  /** The chart's file stem (`/^[a-z0-9][a-z0-9-]*$/`, else an ArgumentError). */
  readonly name: string;
  /** The caption. */
  readonly title: string;
  /** The x axis title. */
  readonly xTitle: string;
  /** The y axis title. */
  readonly yTitle: string;
  /**
   * The lines, drawn in this order, each with its own name; the legend lists their groups in order of first
   * appearance.
   */
  readonly series: readonly Series[];
  /** A logarithmic y axis (non-positive values are dropped). */
  readonly logY?: boolean;
  /** Draw a dot at every point too. */
  readonly points?: boolean;
  /**
   * Fix the y range [lo, hi], finite with lo < hi (lo > 0 with logY); lines leaving it are clipped. Default: the
   * data's range.
   */
  readonly yDomain?: readonly [number, number];
}

/** A row of a line chart's data table. */
export interface LineRow {
  /** The series' name. */
  readonly line: string;
  /** The series' group (its name when it has none). */
  readonly group: string;
  /** The series' style. */
  readonly style: LineStyle;
  /** The point's index i in its series (the order in which the line joins the points). */
  readonly order: number;
  /** The point's x (finite). */
  readonly x: number;
  /** The point's y (finite; > 0 with logY). */
  readonly y: number;
}

/** The chart size used throughout (pixels of the plotting area). */
export const chartSize = {
  /** Width of the plotting area: 480 px. */
  width: 480,
  /** Height of the plotting area: 280 px. */
  height: 280,
} as const;

/** The fields every single-view chart's specification starts with: schema, title, size, white background. */
export const specHeader = (title: string) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: chartSize.width,
    height: chartSize.height,
    background: 'white',
  }) as const;

/**
 * seriesRows(series, {logY}) = one row {line, group, style, order, x, y} per finite point (xᵢ defaults to i);
 * with logY, points with y ≤ 0 are dropped.
 */
export const seriesRows = (series: readonly Series[], options: { readonly logY?: boolean } = {}): LineRow[] =>
  series.flatMap((s) =>
    s.y.flatMap((y, i) => {
      const x = s.x === undefined ? i : elementAt(s.x, i);
      const keep = Number.isFinite(x) && Number.isFinite(y) && (options.logY !== true || y > 0);
      return keep ? [{ line: s.name, group: s.group ?? s.name, style: s.style ?? 'solid', order: i, x, y }] : [];
    }),
  );

/** The encodings of style: dash pattern and opacity. */
const styleScales = {
  strokeDash: {
    field: 'style',
    type: 'ordinal',
    scale: {
      domain: ['solid', 'dashed', 'faint'],
      range: [
        [1, 0],
        [6, 4],
        [1, 0],
      ],
    },
    legend: null,
  },
  opacity: {
    field: 'style',
    type: 'ordinal',
    scale: { type: 'ordinal', domain: ['solid', 'dashed', 'faint'], range: [1, 1, 0.3] },
    legend: null,
  },
} as const;

const yScale = (o: LineChartOptions) => ({
  ...(o.logY === true ? { type: 'log' as const } : { zero: false }),
  ...(o.yDomain === undefined ? {} : { domain: [o.yDomain[0], o.yDomain[1]], nice: false }),
});

const seriesKeys: KeySet<Series> = { name: true, y: true, x: true, group: true, style: true };
const lineChartKeys: KeySet<LineChartOptions> = {
  name: true,
  title: true,
  xTitle: true,
  yTitle: true,
  series: true,
  logY: true,
  points: true,
  yDomain: true,
};
const styles: readonly unknown[] = ['solid', 'dashed', 'faint'] satisfies readonly LineStyle[];

/**
 * checkSeries(where, name, v): v is an array of series, each a record {name, y, x?, group?, style?} with y (and x,
 * of y's length) arrays of numbers, and no two with one name; else an ArgumentError (ShapeError for x and y of
 * different lengths) naming the series and the field.
 */
export function checkSeries(where: string, name: string, v: unknown): asserts v is readonly Series[] {
  if (!Array.isArray(v))
    throw new ArgumentError(where, `${name}: expected an array of series {name, y, …}, got ${describeValue(v)}`);
  const list: readonly unknown[] = v;
  const names: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const at = `${name}[${i}]`;
    checkRecord(where, at, s, seriesKeys, 'a series {name, y, x?, group?, style?}');
    const [line, x, y, style] = [s['name'], s['x'], s['y'], s['style']];
    checkString(where, `${at}.name`, line);
    checkNumbers(where, `${at}.y`, y);
    if (x !== undefined) {
      checkNumbers(where, `${at}.x`, x);
      checkSameLength(where, `${at}.x`, x.length, `${at}.y`, y.length);
    }
    checkOptionalString(where, `${at}.group`, s['group']);
    if (style !== undefined && !styles.includes(style))
      throw new ArgumentError(where, `${at}.style: expected 'solid', 'dashed' or 'faint', got ${describeValue(style)}`);
    names.push(line);
  }
  checkDistinct(where, name, names, 'the name');
}

/** lineChart's options at its boundary: the record, its name, titles, series, flags and y domain (see checkSeries). */
function checkLineChartOptions(where: string, o: unknown): asserts o is LineChartOptions {
  checkRecord(where, 'options', o, lineChartKeys, 'options {name, title, xTitle, yTitle, series, …}');
  checkChartName(where, 'options.name', o['name']);
  for (const k of ['title', 'xTitle', 'yTitle']) checkString(where, `options.${k}`, o[k]);
  checkSeries(where, 'options.series', o['series']);
  checkBoolean(where, 'options.logY', o['logY']);
  checkBoolean(where, 'options.points', o['points']);
  if (o['yDomain'] !== undefined) checkInterval(where, 'options.yDomain', o['yDomain'], o['logY'] === true);
}

/** The specification of lineChart, built from options already checked (the curve builders call it). */
export const buildLineChart = (o: LineChartOptions): Chart => {
  const rows = seriesRows(o.series, { logY: o.logY ?? false });
  const groups = [...new Set(o.series.map((s) => s.group ?? s.name))];
  const spec: TopLevelSpec = {
    ...specHeader(o.title),
    data: { values: rows },
    mark: { type: 'line', point: o.points ?? false, strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false, nice: false } },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale(o) },
      color: {
        field: 'group',
        type: 'nominal',
        title: null,
        sort: groups,
        legend: groups.length > 1 ? { labelLimit: 320 } : null,
      },
      detail: { field: 'line', type: 'nominal' },
      order: { field: 'order', type: 'quantitative' },
      ...styleScales,
    },
  };
  return { name: o.name, title: o.title, spec };
};

/**
 * lineChart(options): one line per series, coloured by group (legend in the order the groups first appear),
 * x and y on linear axes (y logarithmic with `logY`). Options of the wrong kind, an unknown key, a bad name, a
 * series whose x and y differ in length or two series with one name are refused (ArgumentError, ShapeError).
 * @example
 * const series = [{ name: 'loss', y: [1, 0.5, 0.25] }];
 * lineChart({ name: 'loss', title: 'Loss', xTitle: 'iteration', yTitle: 'loss', series })
 */
export const lineChart = (o: LineChartOptions): Chart => {
  checkLineChartOptions('lineChart', o);
  return buildLineChart(o);
};
