/** Adafactor's second-moment estimate: factored into row and column averages for matrices, full for the rest. */
import type { Count, GradientTransformation, StateKind } from '../transformation.js';
import { computeBinary, computeSum } from '../../core/compute.js';
import type { Shape } from '../../core/shape.js';
import { type Tensor, zeros } from '../../core/tensor.js';
import { type Leaf, type Like, treeMap } from '../../core/tree.js';
import type { KeySet } from '../../core/options.js';
import { isNumberLike } from '../../core/stage.js';
import { bounded } from '../boundary.js';
import type { StateCheck } from '../fits.js';
import { treesMatch } from '../fits.js';
import { checkNumber, checkOptions, nonPositive, positive } from '../ranges.js';
import { increment, leaf2, leafSqrt, numberMap } from '../tree-math.js';
import { leafOf, pickTree, stepLeaves } from './fusion.js';

/**
 * The state of `scaleByFactoredRms`. For a parameter of rank ≥ 2 (shape [..., n, m]) the second moment is kept as
 * its row factor R ([..., n, 1]) and column factor C ([..., 1, m]); for numbers and tensors of rank 0 or 1, as
 * V̂ of the parameter's shape. The unused fields hold placeholders (0, or a rank-0 zero of the dtype), so every
 * tree has the parameters' structure and the state one layout for the whole run.
 */
export interface ScaleByFactoredRmsState<P> {
  /** Updates made so far, t (β̂₂ₜ = 1 − t^τ). */
  readonly count: Count;
  /** Rₜ = β̂₂ₜ·Rₜ₋₁ + (1 − β̂₂ₜ)·mean over the last axis of gₜ² (rank ≥ 2; a placeholder otherwise). */
  readonly row: Like<P>;
  /** Cₜ = β̂₂ₜ·Cₜ₋₁ + (1 − β̂₂ₜ)·mean over the second-to-last axis of gₜ² (rank ≥ 2; a placeholder otherwise). */
  readonly col: Like<P>;
  /** V̂ₜ = β̂₂ₜ·V̂ₜ₋₁ + (1 − β̂₂ₜ)·gₜ² (numbers and rank 0 or 1; a placeholder for rank ≥ 2). */
  readonly v: Like<P>;
}

/** The kind of `scaleByFactoredRms`. */
export interface ScaleByFactoredRmsKind extends StateKind {
  /** The state: `ScaleByFactoredRmsState` of the parameters. */
  readonly S: ScaleByFactoredRmsState<this['P']>;
}

/** Options of `scaleByFactoredRms`, PyTorch's defaults. */
export interface ScaleByFactoredRmsOptions {
  /** τ, the decay exponent: β̂₂ₜ = 1 − t^τ (default −0.8, PyTorch's `beta2_decay`; a finite number ≤ 0). */
  readonly beta2Decay?: number;
  /** ε₁, the floor of the estimate: U = g / max(√V̂, ε₁) (default the leaf dtype's machine epsilon; > 0). */
  readonly eps1?: number;
}

const factoredKeys: KeySet<ScaleByFactoredRmsOptions> = { beta2Decay: true, eps1: true };

/** The rank-≥2 tensor whose second moment is factored, or undefined for numbers and tensors of rank 0 or 1. */
const factoredTensor = (l: Leaf): Tensor | undefined => (typeof l !== 'number' && l.shape.length >= 2 ? l : undefined);

/** `shape` with axis `axis` (counted from the end, 1 = last) set to 1. */
const squeezedShape = (shape: Shape, axis: number): Shape => shape.map((d, i) => (i === shape.length - axis ? 1 : d));

/** The initial leaf of factor `field` for parameter leaf l: zeros of its shape, or a placeholder (0, rank-0 zero). */
const factorLeaf = (field: 'row' | 'col' | 'v', l: Leaf): Leaf => {
  if (typeof l === 'number' || isNumberLike(l)) return 0;
  const m = factoredTensor(l);
  const shape =
    m === undefined
      ? field === 'v'
        ? l.shape
        : []
      : field === 'v'
        ? []
        : squeezedShape(m.shape, field === 'row' ? 1 : 2);
  return zeros(shape, { dtype: l.dtype });
};

/** The state's trees for parameters `params` (the initial state, and the template its later states must match). */
const factors = <P>(params: P): Omit<ScaleByFactoredRmsState<P>, 'count'> => ({
  row: treeMap(params, (l) => factorLeaf('row', l)),
  col: treeMap(params, (l) => factorLeaf('col', l)),
  v: treeMap(params, (l) => factorLeaf('v', l)),
});

/** The check of one factor tree: the parameters' structure with the shapes `factors` gives (compared with fits). */
const factorCheck =
  (field: 'row' | 'col' | 'v'): StateCheck =>
  (value, reference) =>
    treesMatch(value, factors(reference)[field])
      ? undefined
      : `is not a ${field} factor of these parameters (their structure, with the shapes scaleByFactoredRms keeps)`;

/** The mean of x over one axis (counted from the end), keeping it as an axis of size 1. */
const meanOver = (x: Tensor, axis: number): Leaf => {
  const a = x.shape.length - axis;
  return leaf2('div', computeSum(x, [a], true), x.shape[a] ?? 1);
};

/** β̂·s + (1 − β̂)·x, with b = β̂ and w = 1 − β̂ numbers of the step (traced while jitting). */
const average = (s: Leaf, x: Leaf, b: Count, w: Count): Leaf => leaf2('add', leaf2('mul', s, b), leaf2('mul', x, w));

/** ε₁ for a leaf: the option, or the machine epsilon of its dtype (PyTorch's `eps=(None, …)`). */
const epsFor = (eps1: number | undefined, l: Leaf): number =>
  eps1 ?? (typeof l !== 'number' && l.dtype === 'float32' ? 2 ** -23 : 2 ** -52);

/**
 * One leaf's step: the new factors (row, col, v) and U = g / √max(V̂, ε₁²). For rank ≥ 2,
 * V̂ = R ⊙ C / max(mean over rows of R, ε₁) (PyTorch's placement of ε₁; the paper adds it to g² instead).
 */
const leafStep = (g: Leaf, row: Leaf, col: Leaf, v: Leaf, b: Count, w: Count, eps1: number): readonly Leaf[] => {
  const m = factoredTensor(g);
  if (m !== undefined) {
    const g2 = computeBinary('mul', m, m);
    const r = average(row, meanOver(g2, 1), b, w);
    const c = average(col, meanOver(g2, 2), b, w);
    const rMean = typeof r === 'number' ? r : meanOver(r, 2);
    const vHat = leaf2('div', leaf2('mul', r, c), leaf2('maximum', rMean, eps1));
    return [r, c, v, leaf2('div', g, leafSqrt(leaf2('maximum', vHat, eps1 * eps1)))];
  }
  const vHat = average(v, leaf2('mul', g, g), b, w);
  return [row, col, vHat, leaf2('div', g, leafSqrt(leaf2('maximum', vHat, eps1 * eps1)))];
};

/**
 * scaleByFactoredRms (Shazeer & Stern 2018, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost"),
 * as torch.optim.Adafactor computes it:
 *   β̂₂ₜ = 1 − t^τ;  for G of rank ≥ 2: Rₜ = β̂₂ₜRₜ₋₁ + (1 − β̂₂ₜ)·mean₋₁(G²), Cₜ = β̂₂ₜCₜ₋₁ + (1 − β̂₂ₜ)·mean₋₂(G²),
 *   V̂ₜ = Rₜ ⊙ Cₜ / max(mean₋₂(Rₜ), ε₁);  otherwise V̂ₜ = β̂₂ₜV̂ₜ₋₁ + (1 − β̂₂ₜ)·G²;  U = G / max(√V̂ₜ, ε₁)
 * (defaults τ −0.8, ε₁ the dtype's machine epsilon). Memory: n + m numbers for an n × m matrix, not n·m.
 *
 * @example
 * const rmsOnly = chain(scaleByFactoredRms(), scaleByLearningRate(1e-2));
 */
export const scaleByFactoredRms = (
  o: ScaleByFactoredRmsOptions = {},
): GradientTransformation<ScaleByFactoredRmsKind> => {
  const where = 'scaleByFactoredRms';
  checkOptions(where, o, factoredKeys);
  const beta2Decay = checkNumber(where, 'beta2Decay', nonPositive, o.beta2Decay, -0.8);
  const eps1 = o.eps1 === undefined ? undefined : checkNumber(where, 'eps1', positive, o.eps1);
  return bounded<ScaleByFactoredRmsKind>(where, {
    spec: { count: 'number', row: factorCheck('row'), col: factorCheck('col'), v: factorCheck('v') },
    init: (params) => ({ count: 0, ...factors(params) }),
    update: (g, state) => {
      const count = increment(state.count);
      const w = numberMap(count, (t) => t ** beta2Decay, 'adafactor t^τ');
      const b = numberMap(count, (t) => 1 - t ** beta2Decay, 'adafactor 1 − t^τ');
      const outs = stepLeaves([g, state.row, state.col, state.v], ([gi, r, c, v]) =>
        leafStep(leafOf(gi), leafOf(r), leafOf(c), leafOf(v), b, w, epsFor(eps1, leafOf(gi))),
      );
      const next = {
        count,
        row: pickTree(state.row, outs, 0),
        col: pickTree(state.col, outs, 1),
        v: pickTree(state.v, outs, 2),
      };
      return [pickTree(g, outs, 3), next];
    },
  });
};
