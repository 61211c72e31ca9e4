/**
 * Reductions over a set of axes. The input is read as (outer, reduced, inner) when the reduced axes are
 * contiguous, which covers reducing all axes, leading axes (a batch) and trailing axes (a row); other axis
 * sets go through an index map from each input element to its output element.
 */
import type { TypedArray } from '../dtype.js';
import { type Shape, stridesOf } from '../shape.js';

/** How an input of some shape folds onto the output of a reduction. */
export type ReducePlan =
  | { readonly kind: 'block'; readonly outer: number; readonly reduced: number; readonly inner: number }
  | { readonly kind: 'map'; readonly target: Int32Array };

/** The plan for reducing `axes` (sorted, distinct) of `shape`. */
export const reducePlan = (shape: Shape, axes: readonly number[]): ReducePlan => {
  const first = axes[0] ?? 0;
  const contiguous = axes.every((a, i) => a === first + i);
  if (contiguous) {
    let outer = 1;
    let reduced = 1;
    let inner = 1;
    shape.forEach((d, i) => {
      if (i < first) outer *= d;
      else if (i < first + axes.length) reduced *= d;
      else inner *= d;
    });
    return { kind: 'block', outer, reduced, inner };
  }
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outStrides = stridesOf(kept.map((i) => shape[i] ?? 1));
  const strideOf = shape.map((_, i) => {
    const k = kept.indexOf(i);
    return k < 0 ? 0 : (outStrides[k] ?? 0);
  });
  let n = 1;
  for (const d of shape) n *= d;
  const target = new Int32Array(n);
  const counter = new Array<number>(shape.length).fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    target[i] = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = (counter[d] ?? 0) + 1;
      if (c < (shape[d] ?? 1)) {
        counter[d] = c;
        o += strideOf[d] ?? 0;
        break;
      }
      counter[d] = 0;
      o -= (c - 1) * (strideOf[d] ?? 0);
    }
  }
  return { kind: 'map', target };
};

/** out[k] = Σ of the inputs that fold onto k. `out` must be zero-filled. */
export const sumKernel = (x: TypedArray, out: TypedArray, plan: ReducePlan): void => {
  if (plan.kind === 'map') {
    const t = plan.target;
    for (let i = 0; i < x.length; i++) out[t[i]!]! += x[i]!;
    return;
  }
  const { outer, reduced, inner } = plan;
  if (inner === 1) {
    for (let o = 0, i = 0; o < outer; o++) {
      let s = 0;
      for (let r = 0; r < reduced; r++, i++) s += x[i]!;
      out[o] = s;
    }
    return;
  }
  for (let o = 0, i = 0; o < outer; o++) {
    const base = o * inner;
    for (let r = 0; r < reduced; r++) for (let j = 0; j < inner; j++, i++) out[base + j]! += x[i]!;
  }
};

/**
 * out[k] = max (sign = 1) or min (sign = −1) of the inputs that fold onto k; NaN wins. `out` must be filled
 * with −sign·∞ first.
 */
export const extremumKernel = (x: TypedArray, out: TypedArray, plan: ReducePlan, sign: 1 | -1): void => {
  if (plan.kind === 'map') {
    const t = plan.target;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]! * sign;
      const k = t[i]!;
      if (v > out[k]! * sign || v !== v) out[k] = x[i]!;
    }
    return;
  }
  const { outer, reduced, inner } = plan;
  for (let o = 0, i = 0; o < outer; o++) {
    const base = o * inner;
    for (let r = 0; r < reduced; r++) {
      for (let j = 0; j < inner; j++, i++) {
        const v = x[i]! * sign;
        if (v > out[base + j]! * sign || v !== v) out[base + j] = x[i]!;
      }
    }
  }
};
