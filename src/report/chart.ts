/**
 * Charts as data: a chart is a name (its file stem), a title and a Vega-Lite specification. Builders here and
 * in the neighbouring files only assemble specifications (pure, cheap, testable); `renderSvg` draws them.
 *
 * The workhorse is `lineChart`: several named series of (x, y) points, each drawn as a line in its group's
 * colour and its own style (solid, dashed, or faint for raw data under a smoothed curve).
 */
import type { TopLevelSpec } from 'vega-lite';

/** A chart ready to render: `name` is a file stem ([a-z0-9-]), `title` a caption. */
export interface Chart {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** How a line is drawn. */
export type LineStyle = 'solid' | 'dashed' | 'faint';

/** One line: y against x (x defaults to 0, 1, 2, …). `group` sets the colour and the legend entry (default name). */
export interface Series {
  readonly name: string;
  readonly y: readonly number[];
  readonly x?: readonly number[];
  readonly group?: string;
  readonly style?: LineStyle;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  readonly name: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly series: readonly Series[];
  /** A logarithmic y axis (non-positive values are dropped). */
  readonly logY?: boolean;
  /** Draw a dot at every point too. */
  readonly points?: boolean;
  /** Fix the y range (lines leaving it are clipped); default: the data's range. */
  readonly yDomain?: readonly [number, number];
}

/** A row of a line chart's data table. */
export interface LineRow {
  readonly line: string;
  readonly group: string;
  readonly style: LineStyle;
  readonly order: number;
  readonly x: number;
  readonly y: number;
}

/** The chart size used throughout (pixels of the plotting area). */
export const chartSize = { width: 480, height: 280 } as const;

/** The fields every single-view chart's specification starts with: schema, title, size, white background. */
export const specHeader = (title: string) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: chartSize.width,
    height: chartSize.height,
    background: 'white',
  }) as const;

const namePattern = /^[a-z0-9][a-z0-9-]*$/;

/** Checks a chart name (it becomes a file name). */
export const checkChartName = (name: string): string => {
  if (!namePattern.test(name)) throw new RangeError(`chart: name "${name}" must match ${namePattern.source}`);
  return name;
};

/**
 * seriesRows(series, {logY}) = one row {line, group, style, order, x, y} per finite point (xᵢ defaults to i);
 * with logY, points with y ≤ 0 are dropped.
 */
export const seriesRows = (series: readonly Series[], options: { readonly logY?: boolean } = {}): LineRow[] =>
  series.flatMap((s) =>
    s.y.flatMap((y, i) => {
      const x = s.x === undefined ? i : (s.x[i] ?? NaN);
      const keep = Number.isFinite(x) && Number.isFinite(y) && (options.logY !== true || y > 0);
      return keep ? [{ line: s.name, group: s.group ?? s.name, style: s.style ?? 'solid', order: i, x, y }] : [];
    }),
  );

/** The encodings of style: dash pattern and opacity. */
const styleScales = {
  strokeDash: {
    field: 'style',
    type: 'ordinal',
    scale: { domain: ['solid', 'dashed', 'faint'], range: [[1, 0], [6, 4], [1, 0]] },
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

/**
 * lineChart(options): one line per series, coloured by group (legend in the order the groups first appear),
 * x and y on linear axes (y logarithmic with `logY`).
 * @example lineChart({ name: 'loss', title: 'Loss', xTitle: 'iteration', yTitle: 'loss', series: [{ name: 'loss', y: losses }] })
 */
export const lineChart = (o: LineChartOptions): Chart => {
  const rows = seriesRows(o.series, { logY: o.logY ?? false });
  const groups = [...new Set(o.series.map((s) => s.group ?? s.name))];
  const spec: TopLevelSpec = {
    ...specHeader(o.title),
    data: { values: rows },
    mark: { type: 'line', point: o.points ?? false, strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false, nice: false } },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale(o) },
      color: { field: 'group', type: 'nominal', title: null, sort: groups, legend: groups.length > 1 ? { labelLimit: 320 } : null },
      detail: { field: 'line', type: 'nominal' },
      order: { field: 'order', type: 'quantitative' },
      ...styleScales,
    },
  };
  return { name: checkChartName(o.name), title: o.title, spec };
};
