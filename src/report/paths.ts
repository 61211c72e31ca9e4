/**
 * Where a parameter went: the loss as a function of one parameter, L(θ), drawn as a curve, with the values
 * θ₀, θ₁, … that training visited drawn on it as connected dots. One chart for one run, or one panel per
 * optimizer to compare their paths on the same loss.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { isTensor } from '../core/tensor.js';
import { checkFunction } from '../data/arguments.js';
import type { Range } from '../optim/ranges.js';
import {
  checkChartName,
  checkInterval,
  checkNumberIn,
  checkOptionalNumberIn,
  checkNumberRecord,
  checkNumbers,
  checkOptionalString,
  checkPair,
  checkRecord,
  checkString,
} from './arguments.js';
import { type Chart, chartSize, specHeader } from './chart.js';

/** Options of the path charts. */
export interface PathOptions {
  /** The chart's file stem (`/^[a-z0-9][a-z0-9-]*$/`, else an ArgumentError). */
  readonly name: string;
  /** The caption. */
  readonly title: string;
  /** The parameter's name on the x axis (default 'θ'). */
  readonly parameter?: string;
  /** The y axis title (default 'loss'). */
  readonly yTitle?: string;
  /** The θ range [lo, hi] of the curve, finite with lo < hi (default: the visited range widened by 10% each side). */
  readonly range?: readonly [number, number];
  /** Points on the curve, an integer from 2 to 1,000,000 (default 200). */
  readonly samples?: number;
}

const pathKeys: KeySet<PathOptions> = {
  name: true,
  title: true,
  parameter: true,
  yTitle: true,
  range: true,
  samples: true,
};

/** The most points curveGrid computes (and a path chart's curve has). */
const maxPoints = 1_000_000;
const gridSize: Range = {
  name: `an integer from 0 to ${maxPoints}`,
  ok: (v) => Number.isInteger(v) && v >= 0 && v <= maxPoints,
};
const sampleCount: Range = {
  name: `an integer from 2 to ${maxPoints}`,
  ok: (v) => Number.isInteger(v) && v >= 2 && v <= maxPoints,
};

/** The path charts' options at their boundary. */
function checkPathOptions(where: string, o: unknown): asserts o is PathOptions {
  checkRecord(where, 'options', o, pathKeys, 'options {name, title, …}');
  checkChartName(where, 'options.name', o['name']);
  checkString(where, 'options.title', o['title']);
  checkOptionalString(where, 'options.parameter', o['parameter']);
  checkOptionalString(where, 'options.yTitle', o['yTitle']);
  if (o['range'] !== undefined) checkInterval(where, 'options.range', o['range']);
  checkOptionalNumberIn(where, 'options.samples', o['samples'], sampleCount);
}

/** f(θ), which must be a number (a tensor, say, would end up in the chart's data as an object). */
const valueAt = (where: string, f: (theta: number) => number, theta: number): number => {
  const y: unknown = f(theta);
  if (typeof y === 'number') return y;
  throw new ArgumentError(
    where,
    `f(${describeValue(theta)}) returned ${describeValue(y)}, not a number` +
      (isTensor(y) ? ' (a tensor: return item(…) of it)' : ''),
  );
};

/** A row of a path chart: a curve point or a visited point (with its step), in a panel. */
interface PathRow {
  readonly panel: string;
  readonly kind: 'curve' | 'path';
  readonly step: number;
  readonly theta: number;
  readonly loss: number;
}

/** The grid of curveGrid, from arguments already checked; `where` names the caller when f returns no number. */
const grid = (
  where: string,
  f: (theta: number) => number,
  range: readonly [number, number],
  n: number,
): readonly (readonly [number, number])[] =>
  Array.from({ length: n }, (_, i) => {
    const theta = range[0] + ((range[1] - range[0]) * i) / Math.max(1, n - 1);
    return [theta, valueAt(where, f, theta)] as const;
  });

/**
 * curveGrid(f, [a, b], n) = n points (θ, f(θ)) with θ evenly spaced from a to b (finite, either order), n an
 * integer from 0 to 1,000,000; f must return numbers.
 * @example curveGrid((t) => t * t, [-1, 1], 3) // [[-1, 1], [0, 0], [1, 1]]
 */
export const curveGrid = (
  f: (theta: number) => number,
  range: readonly [number, number],
  n: number,
): readonly (readonly [number, number])[] => {
  checkFunction('curveGrid', 'f', f);
  checkPair('curveGrid', 'range', range);
  checkNumberIn('curveGrid', 'n', n, gridSize);
  return grid('curveGrid', f, range, n);
};

/** The visited θ range widened by 10% on each side; refused when no θ is finite or the span is too wide to draw. */
const visitedRange = (where: string, name: string, thetas: readonly number[]): readonly [number, number] => {
  const finite = thetas.filter(Number.isFinite);
  if (finite.length === 0)
    throw new ArgumentError(where, `${name}: no finite θ to take the curve's range from (pass options.range)`);
  const lo = finite.reduce((a, b) => Math.min(a, b)); // no spread: a long run's θ would overflow the stack
  const hi = finite.reduce((a, b) => Math.max(a, b));
  const pad = Math.max(hi - lo, 1e-6) * 0.1;
  const range = [lo - pad, hi + pad] as const;
  if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) {
    throw new ArgumentError(
      where,
      `${name}: the visited θ span from ${lo} to ${hi} is too wide to draw (pass options.range)`,
    );
  }
  return range;
};

const rowsFor = (
  where: string,
  panel: string,
  f: (theta: number) => number,
  thetas: readonly number[],
  range: readonly [number, number],
  n: number,
): PathRow[] => [
  ...grid(where, f, range, n).map(([theta, loss], step): PathRow => ({ panel, kind: 'curve', step, theta, loss })),
  ...thetas
    .filter(Number.isFinite)
    .map((theta, step): PathRow => ({ panel, kind: 'path', step, theta, loss: valueAt(where, f, theta) })),
];

const pathLayers = (parameter: string, yTitle: string, range: readonly [number, number]) => {
  const x = {
    field: 'theta',
    type: 'quantitative' as const,
    title: parameter,
    scale: { domain: [range[0], range[1]], nice: false },
  };
  const y = { field: 'loss', type: 'quantitative' as const, title: yTitle };
  const order = { field: 'step', type: 'quantitative' as const };
  const red = '#d62728';
  return [
    {
      transform: [{ filter: "datum.kind === 'curve'" }],
      mark: { type: 'line' as const, color: '#888', strokeWidth: 1.5, clip: true },
      encoding: { x, y, order },
    },
    {
      transform: [{ filter: "datum.kind === 'path'" }],
      mark: { type: 'line' as const, color: red, point: { color: red, size: 30 }, strokeWidth: 1, clip: true },
      encoding: { x, y, order },
    },
  ];
};

/**
 * lossVsParameter(f, thetas, options): the curve L(θ) = f(θ) over the range, and the visited θ₀, θ₁, … at
 * heights f(θₜ), connected in order (non-finite θ are skipped). f must return numbers; without options.range some
 * θ must be finite.
 * @example
 * const visited = [0, 1.2, 1.8, 1.96];
 * lossVsParameter((w) => (w - 2) ** 2, visited, { name: 'loss-vs-w', title: 'Loss against w', parameter: 'w' })
 */
export const lossVsParameter = (f: (theta: number) => number, thetas: readonly number[], o: PathOptions): Chart => {
  const where = 'lossVsParameter';
  checkFunction(where, 'f', f);
  checkNumbers(where, 'thetas', thetas);
  checkPathOptions(where, o);
  const range = o.range ?? visitedRange(where, 'thetas', thetas);
  const spec: TopLevelSpec = {
    ...specHeader(o.title),
    data: { values: rowsFor(where, 'run', f, thetas, range, o.samples ?? 200) },
    layer: pathLayers(o.parameter ?? 'θ', o.yTitle ?? 'loss', range),
  };
  return { name: o.name, title: o.title, spec };
};

/**
 * optimizerPaths(f, {optimizer: thetas}, options): one panel per optimizer (three to a row), each with the
 * curve f(θ) and that optimizer's visited θₜ on it. paths holds at least one optimizer; f must return numbers.
 * @example
 * const paths = { adam: [10, 9.9, 9.8], sgd: [10, 8, 6.4] };
 * optimizerPaths((x) => x * x, paths, { name: 'paths', title: 'Paths on x²', range: [-11, 11] })
 */
export const optimizerPaths = (
  f: (theta: number) => number,
  paths: Readonly<Record<string, readonly number[]>>,
  o: PathOptions,
): Chart => {
  const where = 'optimizerPaths';
  checkFunction(where, 'f', f);
  checkNumberRecord(where, 'paths', paths);
  if (Object.keys(paths).length === 0)
    throw new ArgumentError(
      where,
      `paths: expected at least one optimizer's path {name: thetas}, got ${describeValue(paths)}`,
    );
  checkPathOptions(where, o);
  const names = Object.keys(paths);
  const range = o.range ?? visitedRange(where, 'paths', Object.values(paths).flat());
  const rows = names.flatMap((panel) => rowsFor(where, panel, f, paths[panel] ?? [], range, o.samples ?? 200));
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
  return { name: o.name, title: o.title, spec };
};
