/**
 * The training curves the seed tutorials draw, each one call over plain arrays of numbers: loss per
 * iteration or epoch, gradient per iteration, raw and EWMA-smoothed cost curves, and the fitted curve
 * against the true one at several moments of training.
 */
import { ewma } from '../train/smoothing.js';
import { type Chart, type Series, lineChart } from './chart.js';

/** Options shared by the curve builders. */
export interface CurveOptions {
  /** The chart's file stem (`/^[a-z0-9][a-z0-9-]*$/`, else a RangeError). */
  readonly name: string;
  /** The caption. */
  readonly title: string;
  /** What one x step is (default 'iteration'; 'x' for fittedCurves). */
  readonly xTitle?: string;
  /** The y axis title (default 'loss' for lossCurve, 'gradient' for gradientCurve, 'cost' for smoothedCosts, 'y' for fittedCurves). */
  readonly yTitle?: string;
  /** A logarithmic y axis; points with y ≤ 0 are dropped (default false). */
  readonly logY?: boolean;
  /** The x of the first value, counting up by 1 (default 0; 1 for epochs counted from 1). */
  readonly firstX?: number;
  /** Fix the y range (lines leaving it are clipped). */
  readonly yDomain?: readonly [number, number];
}

/** The options lineChart shares with the curves. */
const common = (o: CurveOptions) => ({ logY: o.logY ?? false, ...(o.yDomain === undefined ? {} : { yDomain: o.yDomain }) });

/**
 * lossCurve(losses | {label: losses}, options): L_t against t = t₀, t₀ + 1, … (t₀ = firstX, default 0), one line
 * per labelled series.
 * @example lossCurve({ 'batch GD': [1, 0.3, 0.1], sgd: [1, 0.6, 0.2] }, { name: 'loss', title: 'Loss', logY: true })
 */
export const lossCurve = (
  losses: readonly number[] | Readonly<Record<string, readonly number[]>>,
  o: CurveOptions,
): Chart => {
  const at = (y: readonly number[]): readonly number[] => y.map((_, i) => i + (o.firstX ?? 0));
  const series: Series[] = isSeries(losses) ? [{ name: 'loss', x: at(losses), y: losses }] : Object.entries(losses).map(([name, y]) => ({ name, x: at(y), y }));
  return lineChart({ name: o.name, title: o.title, xTitle: o.xTitle ?? 'iteration', yTitle: o.yTitle ?? 'loss', series, ...common(o) });
};

const isSeries = (v: readonly number[] | Readonly<Record<string, readonly number[]>>): v is readonly number[] => Array.isArray(v);

/** gradientCurve(gradients, options): ∂L/∂θ at iteration t against t, with a line at 0 for reference. */
export const gradientCurve = (gradients: readonly number[], o: CurveOptions): Chart =>
  lineChart({
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

/**
 * smoothedCosts({label: costs}, options, β = 0.9): for each label the raw cost per iteration (faint) and its
 * EWMA vₜ = β·vₜ₋₁ + (1 − β)·costₜ with bias correction vₜ / (1 − βᵗ) (solid), in the label's colour.
 */
export const smoothedCosts = (
  costs: Readonly<Record<string, readonly number[]>>,
  o: CurveOptions & { readonly beta?: number },
): Chart => {
  const beta = o.beta ?? 0.9;
  const series = Object.entries(costs).flatMap(([group, raw]): Series[] => [
    { name: `${group} (raw)`, group, y: raw, style: 'faint' },
    { name: `${group} (EWMA β=${beta})`, group, y: ewma(raw, beta, { biasCorrection: true }) },
  ]);
  return lineChart({ name: o.name, title: o.title, xTitle: o.xTitle ?? 'iteration', yTitle: o.yTitle ?? 'cost', series, ...common(o) });
};

/** One fitted curve: its label (e.g. "epoch 3") and ŷ on the common x grid. */
export interface Fit {
  /** The legend entry, e.g. "epoch 3". */
  readonly label: string;
  /** ŷ at each x of the grid, yᵢ paired with xᵢ. */
  readonly y: readonly number[];
}

/**
 * fittedCurves(x, truth, fits, options): each fitted ŷ(x) (solid) and, drawn last, the true curve y = f(x)
 * (dashed), on the grid x.
 */
export const fittedCurves = (
  x: readonly number[],
  truth: readonly number[],
  fits: readonly Fit[],
  o: CurveOptions,
): Chart =>
  lineChart({
    name: o.name,
    title: o.title,
    xTitle: o.xTitle ?? 'x',
    yTitle: o.yTitle ?? 'y',
    ...common(o),
    series: [...fits.map((f) => ({ name: f.label, x, y: f.y })), { name: 'true curve', x, y: truth, style: 'dashed' }],
  });
