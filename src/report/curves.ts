/**
 * The training curves the seed tutorials draw, each one call over plain arrays of numbers: loss per
 * iteration or epoch, gradient per iteration, raw and EWMA-smoothed cost curves, and the fitted curve
 * against the true one at several moments of training.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkBoolean } from '../data/arguments.js';
import { finite, unitInterval } from '../optim/ranges.js';
import { ewma } from '../train/smoothing.js';
import {
  checkChartName,
  checkDistinct,
  checkInterval,
  checkOptionalNumberIn,
  checkNumberRecord,
  checkNumbers,
  checkOptionalString,
  checkRecord,
  checkSameLength,
  checkString,
  isRecord,
} from './arguments.js';
import { type Chart, type Series, buildLineChart } from './chart.js';

/** Options shared by the curve builders. */
export interface CurveOptions {
  /** The chart's file stem (`/^[a-z0-9][a-z0-9-]*$/`, else an ArgumentError). */
  readonly name: string;
  /** The caption. */
  readonly title: string;
  /** What one x step is (default 'iteration'; 'x' for fittedCurves). */
  readonly xTitle?: string;
  /**
   * The y axis title (default 'loss' for lossCurve, 'gradient' for gradientCurve, 'cost' for smoothedCosts, 'y' for
   * fittedCurves).
   */
  readonly yTitle?: string;
  /** A logarithmic y axis; points with y ≤ 0 are dropped (default false). */
  readonly logY?: boolean;
  /** The x of the first value, a finite number, counting up by 1 (default 0; 1 for epochs counted from 1). */
  readonly firstX?: number;
  /** Fix the y range [lo, hi], finite with lo < hi (lo > 0 with logY); lines leaving it are clipped. */
  readonly yDomain?: readonly [number, number];
}

const curveKeys: KeySet<CurveOptions> = {
  name: true,
  title: true,
  xTitle: true,
  yTitle: true,
  logY: true,
  firstX: true,
  yDomain: true,
};
const smoothedKeys: KeySet<CurveOptions & { readonly beta?: number }> = { ...curveKeys, beta: true };

/** The options of a curve builder at its boundary (`withBeta`: smoothedCosts knows beta too). */
function checkCurveOptions(where: string, o: unknown, withBeta = false): asserts o is CurveOptions {
  if (withBeta) checkRecord(where, 'options', o, smoothedKeys, 'options {name, title, …}');
  else checkRecord(where, 'options', o, curveKeys, 'options {name, title, …}');
  checkChartName(where, 'options.name', o['name']);
  checkString(where, 'options.title', o['title']);
  checkOptionalString(where, 'options.xTitle', o['xTitle']);
  checkOptionalString(where, 'options.yTitle', o['yTitle']);
  checkBoolean(where, 'options.logY', o['logY']);
  checkOptionalNumberIn(where, 'options.firstX', o['firstX'], finite);
  if (o['yDomain'] !== undefined) checkInterval(where, 'options.yDomain', o['yDomain'], o['logY'] === true);
}

/** The options lineChart shares with the curves. */
const common = (o: CurveOptions) => ({
  logY: o.logY ?? false,
  ...(o.yDomain === undefined ? {} : { yDomain: o.yDomain }),
});

/**
 * lossCurve(losses | {label: losses}, options): L_t against t = t₀, t₀ + 1, … (t₀ = firstX, default 0), one line
 * per labelled series.
 * @example lossCurve({ 'batch GD': [1, 0.3, 0.1], sgd: [1, 0.6, 0.2] }, { name: 'loss', title: 'Loss', logY: true })
 */
export const lossCurve = (
  losses: readonly number[] | Readonly<Record<string, readonly number[]>>,
  o: CurveOptions,
): Chart => {
  if (isRecord(losses)) checkNumberRecord('lossCurve', 'losses', losses);
  else checkNumbers('lossCurve', 'losses', losses);
  checkCurveOptions('lossCurve', o);
  const at = (y: readonly number[]): readonly number[] => y.map((_, i) => i + (o.firstX ?? 0));
  const series: Series[] = isSeries(losses)
    ? [{ name: 'loss', x: at(losses), y: losses }]
    : Object.entries(losses).map(([name, y]) => ({ name, x: at(y), y }));
  return buildLineChart({
    name: o.name,
    title: o.title,
    xTitle: o.xTitle ?? 'iteration',
    yTitle: o.yTitle ?? 'loss',
    series,
    ...common(o),
  });
};

const isSeries = (v: readonly number[] | Readonly<Record<string, readonly number[]>>): v is readonly number[] =>
  Array.isArray(v);

/** gradientCurve(gradients, options): ∂L/∂θ at iteration t against t, with a line at 0 for reference. */
export const gradientCurve = (gradients: readonly number[], o: CurveOptions): Chart => {
  checkNumbers('gradientCurve', 'gradients', gradients);
  checkCurveOptions('gradientCurve', o);
  return buildLineChart({
    name: o.name,
    title: o.title,
    xTitle: o.xTitle ?? 'iteration',
    yTitle: o.yTitle ?? 'gradient',
    ...common(o),
    series: [
      { name: 'gradient', y: gradients },
      { name: 'zero', x: [0, Math.max(0, gradients.length - 1)], y: [0, 0], style: 'dashed' },
    ],
  });
};

/**
 * smoothedCosts({label: costs}, options, β = 0.9): for each label the raw cost per iteration (faint) and its
 * EWMA vₜ = β·vₜ₋₁ + (1 − β)·costₜ with bias correction vₜ / (1 − βᵗ) (solid), in the label's colour; β in [0, 1).
 */
export const smoothedCosts = (
  costs: Readonly<Record<string, readonly number[]>>,
  o: CurveOptions & { readonly beta?: number },
): Chart => {
  checkNumberRecord('smoothedCosts', 'costs', costs);
  checkCurveOptions('smoothedCosts', o, true);
  checkOptionalNumberIn('smoothedCosts', 'options.beta', o.beta, unitInterval);
  const beta = o.beta ?? 0.9;
  const series = Object.entries(costs).flatMap(([group, raw]): Series[] => [
    { name: `${group} (raw)`, group, y: raw, style: 'faint' },
    { name: `${group} (EWMA β=${beta})`, group, y: ewma(raw, beta, { biasCorrection: true }) },
  ]);
  return buildLineChart({
    name: o.name,
    title: o.title,
    xTitle: o.xTitle ?? 'iteration',
    yTitle: o.yTitle ?? 'cost',
    series,
    ...common(o),
  });
};

/** One fitted curve: its label (e.g. "epoch 3") and ŷ on the common x grid. */
export interface Fit {
  /** The legend entry, e.g. "epoch 3". */
  readonly label: string;
  /** ŷ at each x of the grid, yᵢ paired with xᵢ. */
  readonly y: readonly number[];
}

const fitKeys: KeySet<Fit> = { label: true, y: true };
/** The legend entry of fittedCurves' true curve. */
const trueCurve = 'true curve';

/**
 * fittedCurves' x, truth and fits at its boundary: arrays of numbers as long as x, labels distinct from each other
 * and from 'true curve'.
 */
function checkFits(where: string, x: unknown, truth: unknown, fits: unknown): asserts fits is readonly Fit[] {
  checkNumbers(where, 'x', x);
  checkNumbers(where, 'truth', truth);
  checkSameLength(where, 'truth', truth.length, 'x', x.length);
  if (!Array.isArray(fits))
    throw new ArgumentError(where, `fits: expected an array of fits {label, y}, got ${describeValue(fits)}`);
  const list: readonly unknown[] = fits;
  const labels: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    checkRecord(where, `fits[${i}]`, f, fitKeys, 'a fit {label, y}');
    const [label, y] = [f['label'], f['y']];
    checkString(where, `fits[${i}].label`, label);
    checkNumbers(where, `fits[${i}].y`, y);
    checkSameLength(where, `fits[${i}].y`, y.length, 'x', x.length);
    if (label === trueCurve)
      throw new ArgumentError(
        where,
        `fits[${i}].label: "${trueCurve}" names the dashed true curve; give the fit another label`,
      );
    labels.push(label);
  }
  checkDistinct(where, 'fits', labels, 'the label');
}

/**
 * fittedCurves(x, truth, fits, options): each fitted ŷ(x) (solid) and, drawn last, the true curve y = f(x)
 * (dashed), on the grid x. truth and every fit's y have x's length; labels are distinct (and not 'true curve').
 */
export const fittedCurves = (
  x: readonly number[],
  truth: readonly number[],
  fits: readonly Fit[],
  o: CurveOptions,
): Chart => {
  checkFits('fittedCurves', x, truth, fits);
  checkCurveOptions('fittedCurves', o);
  return buildLineChart({
    name: o.name,
    title: o.title,
    xTitle: o.xTitle ?? 'x',
    yTitle: o.yTitle ?? 'y',
    ...common(o),
    series: [...fits.map((f) => ({ name: f.label, x, y: f.y })), { name: trueCurve, x, y: truth, style: 'dashed' }],
  });
};
