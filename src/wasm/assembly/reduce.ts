/**
 * Reductions of a 'block' plan: x read as (outer, reduced, inner), out as (outer, inner). Each output keeps
 * the JavaScript reference's order of operations (src/core/kernels/reduce.ts), so the bits are the same:
 *  - sum, inner > 1: out[o, j] = (((0 + x[o, 0, j]) + x[o, 1, j]) + …), each step rounded to T; vectorised
 *    across j (independent outputs), in chunks of j that stay in cache while r runs;
 *  - sum, inner = 1: out[o] = Σ_r x[o, r] accumulated in float64 in order, rounded to T once; four outputs
 *    run side by side (independent chains);
 *  - max/min: the running "v better than out, or v NaN" rule, vectorised across j; for inner = 1 across r
 *    (four vectors side by side), which gives the same value (NaN if any, else the extreme), except that among
 *    ±0 the reference keeps the first in order, which a final scan finds.
 * Operands are arrays at byte offsets placed by src/wasm/reduce.ts; out is written whole (no initial value).
 */

/** Lanes of a 128-bit vector of T. */
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Elements of a chunk of j whose partial outputs stay in L1 while r runs. */
const CHUNK = 1024;

/** Outputs o0 ≤ o < o1 of the sum over r of x[o, r, j] (inner > 1), each step rounded to T. */
@inline function sumInner<T>(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32): void {
  const bytes = <usize>sizeof<T>();
  const step = lanes<T>();
  for (let o = o0; o < o1; o++) {
    const po = out + <usize>o * <usize>inner * bytes;
    const px = x + <usize>o * <usize>reduced * <usize>inner * bytes;
    for (let j0 = 0; j0 < inner; j0 += CHUNK) {
      const jn = min(CHUNK, inner - j0);
      const body = jn - jn % step;
      const oc = po + <usize>j0 * bytes;
      memory.fill(oc, 0, <usize>jn * bytes);
      for (let r = 0; r < reduced; r++) {
        const xc = px + (<usize>r * <usize>inner + <usize>j0) * bytes;
        let j = 0;
        for (; j < body; j += step) {
          const at = <usize>j * bytes;
          v128.store(oc + at, v128.add<T>(v128.load(oc + at), v128.load(xc + at)));
        }
        for (; j < jn; j++) {
          const at = <usize>j * bytes;
          store<T>(oc + at, load<T>(oc + at) + load<T>(xc + at));
        }
      }
    }
  }
}

/** Outputs o0 ≤ o < o1 of Σ_r x[o, r] (inner = 1), accumulated in float64 in order, rounded to T once. */
@inline function sumRows<T>(x: usize, out: usize, o0: i32, o1: i32, reduced: i32): void {
  const bytes = <usize>sizeof<T>();
  const row = <usize>reduced * bytes;
  let o = o0;
  for (; o + 4 <= o1; o += 4) {
    const p = x + <usize>o * row;
    let s0: f64 = 0;
    let s1: f64 = 0;
    let s2: f64 = 0;
    let s3: f64 = 0;
    for (let r = 0; r < reduced; r++) {
      const at = p + <usize>r * bytes;
      s0 += <f64>load<T>(at);
      s1 += <f64>load<T>(at + row);
      s2 += <f64>load<T>(at + 2 * row);
      s3 += <f64>load<T>(at + 3 * row);
    }
    const q = out + <usize>o * bytes;
    store<T>(q, <T>s0);
    store<T>(q + bytes, <T>s1);
    store<T>(q + 2 * bytes, <T>s2);
    store<T>(q + 3 * bytes, <T>s3);
  }
  for (; o < o1; o++) {
    const p = x + <usize>o * row;
    let s: f64 = 0;
    for (let r = 0; r < reduced; r++) s += <f64>load<T>(p + <usize>r * bytes);
    store<T>(out + <usize>o * bytes, <T>s);
  }
}

/** Float32 sum of a block plan, outputs o0 ≤ o < o1 (rows of `inner` outputs). */
export function sumBlockF32(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32): void {
  if (inner == 1) sumRows<f32>(x, out, o0, o1, reduced);
  else sumInner<f32>(x, out, o0, o1, reduced, inner);
}

/** Float64 sum of a block plan, outputs o0 ≤ o < o1 (rows of `inner` outputs). */
export function sumBlockF64(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32): void {
  if (inner == 1) sumRows<f64>(x, out, o0, o1, reduced);
  else sumInner<f64>(x, out, o0, o1, reduced, inner);
}

/** Lanes where v replaces the running extreme e: v > e (max) or v < e (min), or v is NaN. */
@inline function betterVec<T>(v: v128, e: v128, isMax: bool): v128 {
  return v128.or(isMax ? v128.gt<T>(v, e) : v128.lt<T>(v, e), v128.ne<T>(v, v));
}

/** The scalar form of `betterVec`. */
@inline function better<T>(v: T, e: T, isMax: bool): bool {
  return (isMax ? v > e : v < e) || v != v;
}

/** v when it is better than e (see `better`), else e. */
@inline function pick<T>(e: T, v: T, isMax: bool): T {
  return better<T>(v, e, isMax) ? v : e;
}

/** Outputs o0 ≤ o < o1 of max/min over r of x[o, r, j] (inner > 1), vectorised across j. */
@inline function extremumInner<T>(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32, isMax: bool): void {
  const bytes = <usize>sizeof<T>();
  const step = lanes<T>();
  const start: T = isMax ? <T>-Infinity : <T>Infinity;
  const vstart = v128.splat<T>(start);
  for (let o = o0; o < o1; o++) {
    const po = out + <usize>o * <usize>inner * bytes;
    const px = x + <usize>o * <usize>reduced * <usize>inner * bytes;
    for (let j0 = 0; j0 < inner; j0 += CHUNK) {
      const jn = min(CHUNK, inner - j0);
      const body = jn - jn % step;
      const oc = po + <usize>j0 * bytes;
      let j = 0;
      for (; j < body; j += step) v128.store(oc + <usize>j * bytes, vstart);
      for (; j < jn; j++) store<T>(oc + <usize>j * bytes, start);
      for (let r = 0; r < reduced; r++) {
        const xc = px + (<usize>r * <usize>inner + <usize>j0) * bytes;
        j = 0;
        for (; j < body; j += step) {
          const at = <usize>j * bytes;
          const v = v128.load(xc + at);
          const e = v128.load(oc + at);
          v128.store(oc + at, v128.bitselect(v, e, betterVec<T>(v, e, isMax)));
        }
        for (; j < jn; j++) {
          const at = <usize>j * bytes;
          const v = load<T>(xc + at);
          if (better<T>(v, load<T>(oc + at), isMax)) store<T>(oc + at, v);
        }
      }
    }
  }
}

/** Outputs o0 ≤ o < o1 of max/min over each row x[o, ·] (inner = 1), vectorised along the row. */
@inline function extremumRows<T>(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, isMax: bool): void {
  const bytes = <usize>sizeof<T>();
  const step = lanes<T>();
  const body = reduced - reduced % step;
  const start: T = isMax ? <T>-Infinity : <T>Infinity;
  for (let o = o0; o < o1; o++) {
    const p = x + <usize>o * <usize>reduced * bytes;
    // Four running vectors (independent chains), then one; which lane saw an element does not change the value.
    let a0 = v128.splat<T>(start);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let r = 0;
    const body4 = reduced - reduced % (4 * step);
    for (; r < body4; r += 4 * step) {
      const q = p + <usize>r * bytes;
      const v0 = v128.load(q);
      const v1 = v128.load(q, 16);
      const v2 = v128.load(q, 32);
      const v3 = v128.load(q, 48);
      a0 = v128.bitselect(v0, a0, betterVec<T>(v0, a0, isMax));
      a1 = v128.bitselect(v1, a1, betterVec<T>(v1, a1, isMax));
      a2 = v128.bitselect(v2, a2, betterVec<T>(v2, a2, isMax));
      a3 = v128.bitselect(v3, a3, betterVec<T>(v3, a3, isMax));
    }
    a0 = v128.bitselect(a1, a0, betterVec<T>(a1, a0, isMax));
    a2 = v128.bitselect(a3, a2, betterVec<T>(a3, a2, isMax));
    let acc = v128.bitselect(a2, a0, betterVec<T>(a2, a0, isMax));
    for (; r < body; r += step) {
      const v = v128.load(p + <usize>r * bytes);
      acc = v128.bitselect(v, acc, betterVec<T>(v, acc, isMax));
    }
    let e = start;
    if (sizeof<T>() == 4) {
      e = pick<T>(e, <T>f32x4.extract_lane(acc, 0), isMax);
      e = pick<T>(e, <T>f32x4.extract_lane(acc, 1), isMax);
      e = pick<T>(e, <T>f32x4.extract_lane(acc, 2), isMax);
      e = pick<T>(e, <T>f32x4.extract_lane(acc, 3), isMax);
    } else {
      e = pick<T>(e, <T>f64x2.extract_lane(acc, 0), isMax);
      e = pick<T>(e, <T>f64x2.extract_lane(acc, 1), isMax);
    }
    for (; r < reduced; r++) {
      const v = load<T>(p + <usize>r * bytes);
      if (better<T>(v, e, isMax)) e = v;
    }
    if (e == 0) {
      // ±0: the reference keeps the first zero in order.
      for (r = 0; r < reduced; r++) {
        const v = load<T>(p + <usize>r * bytes);
        if (v == 0) {
          e = v;
          break;
        }
      }
    }
    store<T>(out + <usize>o * bytes, e);
  }
}

/** Float32 max (isMax) or min of a block plan, outputs o0 ≤ o < o1. */
export function extremumBlockF32(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32, isMax: bool): void {
  if (inner == 1) extremumRows<f32>(x, out, o0, o1, reduced, isMax);
  else extremumInner<f32>(x, out, o0, o1, reduced, inner, isMax);
}

/** Float64 max (isMax) or min of a block plan, outputs o0 ≤ o < o1. */
export function extremumBlockF64(x: usize, out: usize, o0: i32, o1: i32, reduced: i32, inner: i32, isMax: bool): void {
  if (inner == 1) extremumRows<f64>(x, out, o0, o1, reduced, isMax);
  else extremumInner<f64>(x, out, o0, o1, reduced, inner, isMax);
}
