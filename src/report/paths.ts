/**
 * Where a parameter went: the loss as a function of one parameter, L(θ), drawn as a curve, with the values
 * θ₀, θ₁, … that training visited drawn on it as connected dots. One chart for one run, or one panel per
 * optimizer to compare their paths on the same loss.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type Chart, chartSize, checkChartName, specHeader } from './chart.js';

/** Options of the path charts. */
export interface PathOptions {
  /** The chart's file stem (`/^[a-z0-9][a-z0-9-]*$/`, else a RangeError). */
  readonly name: string;
  /** The caption. */
  readonly title: string;
  /** The parameter's name on the x axis (default 'θ'). */
  readonly parameter?: string;
  /** The y axis title (default 'loss'). */
  readonly yTitle?: string;
  /** The θ range of the curve (default: the visited range, widened by 10% on each side). */
  readonly range?: readonly [number, number];
  /** Points on the curve (default 200). */
  readonly samples?: number;
}

/** A row of a path chart: a curve point or a visited point (with its step), in a panel. */
interface PathRow {
  readonly panel: string;
  readonly kind: 'curve' | 'path';
  readonly step: number;
  readonly theta: number;
  readonly loss: number;
}

/** curveGrid(f, [a, b], n) = n points (θ, f(θ)) with θ evenly spaced from a to b. */
export const curveGrid = (f: (theta: number) => number, range: readonly [number, number], n: number): readonly (readonly [number, number])[] =>
  Array.from({ length: n }, (_, i) => {
    const theta = range[0] + ((range[1] - range[0]) * i) / Math.max(1, n - 1);
    return [theta, f(theta)] as const;
  });

const visitedRange = (thetas: readonly number[]): readonly [number, number] => {
  const finite = thetas.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max(hi - lo, 1e-6) * 0.1;
  return [lo - pad, hi + pad];
};

const rowsFor = (panel: string, f: (theta: number) => number, thetas: readonly number[], range: readonly [number, number], n: number): PathRow[] => [
  ...curveGrid(f, range, n).map(([theta, loss], step): PathRow => ({ panel, kind: 'curve', step, theta, loss })),
  ...thetas.filter(Number.isFinite).map((theta, step): PathRow => ({ panel, kind: 'path', step, theta, loss: f(theta) })),
];

const pathLayers = (parameter: string, yTitle: string, range: readonly [number, number]) => {
  const x = { field: 'theta', type: 'quantitative' as const, title: parameter, scale: { domain: [range[0], range[1]], nice: false } };
  const y = { field: 'loss', type: 'quantitative' as const, title: yTitle };
  const order = { field: 'step', type: 'quantitative' as const };
  const red = '#d62728';
  return [
    { transform: [{ filter: "datum.kind === 'curve'" }], mark: { type: 'line' as const, color: '#888', strokeWidth: 1.5, clip: true }, encoding: { x, y, order } },
    {
      transform: [{ filter: "datum.kind === 'path'" }],
      mark: { type: 'line' as const, color: red, point: { color: red, size: 30 }, strokeWidth: 1, clip: true },
      encoding: { x, y, order },
    },
  ];
};

/**
 * lossVsParameter(f, thetas, options): the curve L(θ) = f(θ) over the range, and the visited θ₀, θ₁, … at
 * heights f(θₜ), connected in order.
 * @example lossVsParameter((w) => (w - 2) ** 2, [0, 1.2, 1.8, 1.96], { name: 'loss-vs-w', title: 'Loss against w', parameter: 'w' })
 */
export const lossVsParameter = (f: (theta: number) => number, thetas: readonly number[], o: PathOptions): Chart => {
  const range = o.range ?? visitedRange(thetas);
  const spec: TopLevelSpec = {
    ...specHeader(o.title),
    data: { values: rowsFor('run', f, thetas, range, o.samples ?? 200) },
    layer: pathLayers(o.parameter ?? 'θ', o.yTitle ?? 'loss', range),
  };
  return { name: checkChartName(o.name), title: o.title, spec };
};

/**
 * optimizerPaths(f, {optimizer: thetas}, options): one panel per optimizer (three to a row), each with the
 * curve f(θ) and that optimizer's visited θₜ on it.
 * @example optimizerPaths((x) => x * x, { adam: [10, 9.9, 9.8], sgd: [10, 8, 6.4] }, { name: 'paths', title: 'Paths on x²', range: [-11, 11] })
 */
export const optimizerPaths = (f: (theta: number) => number, paths: Readonly<Record<string, readonly number[]>>, o: PathOptions): Chart => {
  const names = Object.keys(paths);
  const range = o.range ?? visitedRange(Object.values(paths).flat());
  const rows = names.flatMap((panel) => rowsFor(panel, f, paths[panel] ?? [], range, o.samples ?? 200));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    background: 'white',
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null, sort: names },
    columns: 3,
    spec: {
      width: Math.round(chartSize.width / 2),
      height: Math.round(chartSize.height / 1.5),
      layer: pathLayers(o.parameter ?? 'θ', o.yTitle ?? 'loss', range),
    },
  };
  return { name: checkChartName(o.name), title: o.title, spec };
};
