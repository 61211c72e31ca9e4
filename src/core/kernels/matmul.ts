/**
 * Matrix product of row-major blocks, out += op(a) · op(b) with op(x) = x or xᵀ, read in place through strides
 * (so a backward pass never materialises a transpose).
 *
 * Large products are cache-tiled in the GotoBLAS way: a KC×NC tile of op(b) and an MC×KC tile of op(a) are
 * packed into contiguous float64 panels of 4 columns (rows), and a 4×4 register-blocked micro-kernel walks
 * them. Every output element is still the sum of its products in increasing p, each added in float64 to the
 * running value: for float64 this is the same sum, to the last bit, as the plain triple loop. float32 outputs
 * accumulate in float32 (as the WebAssembly kernels and the peers do): s = fround(s + fround(a·b)) per p, in
 * increasing p, from out's current value; the bits do not depend on the tiling either. Fused float32 products
 * (`fused`, the mode of the WebAssembly kernels with a fused multiply-add) round each step once,
 * s = fmaF32(a, b, s), in the same order (the plain loop: JavaScript computes them only for small products).
 */
import type { TypedArray } from '../dtype.js';
import { fmaF32 } from './fma-f32.js';

/** How to read an m×k (or k×n) operand at an offset: element (r, c) is at off + r·rs + c·cs. */
interface View {
  readonly x: TypedArray;
  readonly off: number;
  readonly rs: number;
  readonly cs: number;
}

const MR = 4;
const NR = 4;
const KC = 128;
const MC = 64;
const NC = 256;
/** Below this many multiply-adds the plain loop wins (no packing). */
const SMALL = 32 * 32 * 32;

/** Packs op(a)[i0 : i0+mc, p0 : p0+kc] as panels of MR rows: dst[(ip·kc + p)·MR + r]; pads rows with 0. */
const packA = (a: View, i0: number, mc: number, p0: number, kc: number, dst: Float64Array): void => {
  const { x, off, rs, cs } = a;
  for (let ip = 0, d = 0; ip < mc; ip += MR) {
    for (let p = 0; p < kc; p++) {
      const base = off + (p0 + p) * cs;
      for (let r = 0; r < MR; r++, d++) dst[d] = ip + r < mc ? x[base + (i0 + ip + r) * rs]! : 0;
    }
  }
};

/** Packs op(b)[p0 : p0+kc, j0 : j0+nc] as panels of NR columns: dst[(jp·kc + p)·NR + c]; pads with 0. */
const packB = (b: View, p0: number, kc: number, j0: number, nc: number, dst: Float64Array): void => {
  const { x, off, rs, cs } = b;
  for (let jp = 0, d = 0; jp < nc; jp += NR) {
    for (let p = 0; p < kc; p++) {
      const base = off + (p0 + p) * rs;
      for (let c = 0; c < NR; c++, d++) dst[d] = jp + c < nc ? x[base + (j0 + jp + c) * cs]! : 0;
    }
  }
};

/** c[r, q] of a block of `rows`×`cols` real cells (0 outside them), row stride ldc, from offset co. */
const cell = (c: Float64Array, co: number, ldc: number, rows: number, cols: number, r: number, q: number): number =>
  r < rows && q < cols ? c[co + r * ldc + q]! : 0;

/**
 * c[i, j] += Σ_p pa[p, i] · pb[p, j] for one MR×NR block (rows `rows`, columns `cols` of it are real), the p
 * in increasing order, with the 16 sums held in registers. c is row-major with row stride ldc.
 */
const micro = (
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  kc: number,
  c: Float64Array,
  co: number,
  ldc: number,
  rows: number,
  cols: number,
): void => {
  const full = rows === MR && cols === NR;
  let c00 = cell(c, co, ldc, rows, cols, 0, 0),
    c01 = cell(c, co, ldc, rows, cols, 0, 1);
  let c02 = cell(c, co, ldc, rows, cols, 0, 2),
    c03 = cell(c, co, ldc, rows, cols, 0, 3);
  let c10 = cell(c, co, ldc, rows, cols, 1, 0),
    c11 = cell(c, co, ldc, rows, cols, 1, 1);
  let c12 = cell(c, co, ldc, rows, cols, 1, 2),
    c13 = cell(c, co, ldc, rows, cols, 1, 3);
  let c20 = cell(c, co, ldc, rows, cols, 2, 0),
    c21 = cell(c, co, ldc, rows, cols, 2, 1);
  let c22 = cell(c, co, ldc, rows, cols, 2, 2),
    c23 = cell(c, co, ldc, rows, cols, 2, 3);
  let c30 = cell(c, co, ldc, rows, cols, 3, 0),
    c31 = cell(c, co, ldc, rows, cols, 3, 1);
  let c32 = cell(c, co, ldc, rows, cols, 3, 2),
    c33 = cell(c, co, ldc, rows, cols, 3, 3);
  for (let p = 0, u = ia, v = ib; p < kc; p++, u += MR, v += NR) {
    const a0 = pa[u]!,
      a1 = pa[u + 1]!,
      a2 = pa[u + 2]!,
      a3 = pa[u + 3]!;
    const b0 = pb[v]!,
      b1 = pb[v + 1]!,
      b2 = pb[v + 2]!,
      b3 = pb[v + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  const sums = full ? null : [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  if (sums !== null) {
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) c[co + r * ldc + q] = sums[r * NR + q]!;
    return;
  }
  let o = co;
  c[o] = c00;
  c[o + 1] = c01;
  c[o + 2] = c02;
  c[o + 3] = c03;
  o += ldc;
  c[o] = c10;
  c[o + 1] = c11;
  c[o + 2] = c12;
  c[o + 3] = c13;
  o += ldc;
  c[o] = c20;
  c[o + 1] = c21;
  c[o + 2] = c22;
  c[o + 3] = c23;
  o += ldc;
  c[o] = c30;
  c[o + 1] = c31;
  c[o + 2] = c32;
  c[o + 3] = c33;
};

/**
 * The float32 micro-kernel: as `micro`, each step rounded to float32, c[i, j] = fround(c[i, j] + fround(a·b)) (the
 * products of float32 values are exact in float64, so fround(a·b) is the float32 product).
 */
const micro32 = (
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  kc: number,
  c: Float64Array,
  co: number,
  ldc: number,
  rows: number,
  cols: number,
): void => {
  const f = Math.fround;
  const full = rows === MR && cols === NR;
  let c00 = cell(c, co, ldc, rows, cols, 0, 0),
    c01 = cell(c, co, ldc, rows, cols, 0, 1);
  let c02 = cell(c, co, ldc, rows, cols, 0, 2),
    c03 = cell(c, co, ldc, rows, cols, 0, 3);
  let c10 = cell(c, co, ldc, rows, cols, 1, 0),
    c11 = cell(c, co, ldc, rows, cols, 1, 1);
  let c12 = cell(c, co, ldc, rows, cols, 1, 2),
    c13 = cell(c, co, ldc, rows, cols, 1, 3);
  let c20 = cell(c, co, ldc, rows, cols, 2, 0),
    c21 = cell(c, co, ldc, rows, cols, 2, 1);
  let c22 = cell(c, co, ldc, rows, cols, 2, 2),
    c23 = cell(c, co, ldc, rows, cols, 2, 3);
  let c30 = cell(c, co, ldc, rows, cols, 3, 0),
    c31 = cell(c, co, ldc, rows, cols, 3, 1);
  let c32 = cell(c, co, ldc, rows, cols, 3, 2),
    c33 = cell(c, co, ldc, rows, cols, 3, 3);
  for (let p = 0, u = ia, v = ib; p < kc; p++, u += MR, v += NR) {
    const a0 = pa[u]!,
      a1 = pa[u + 1]!,
      a2 = pa[u + 2]!,
      a3 = pa[u + 3]!;
    const b0 = pb[v]!,
      b1 = pb[v + 1]!,
      b2 = pb[v + 2]!,
      b3 = pb[v + 3]!;
    c00 = f(c00 + f(a0 * b0));
    c01 = f(c01 + f(a0 * b1));
    c02 = f(c02 + f(a0 * b2));
    c03 = f(c03 + f(a0 * b3));
    c10 = f(c10 + f(a1 * b0));
    c11 = f(c11 + f(a1 * b1));
    c12 = f(c12 + f(a1 * b2));
    c13 = f(c13 + f(a1 * b3));
    c20 = f(c20 + f(a2 * b0));
    c21 = f(c21 + f(a2 * b1));
    c22 = f(c22 + f(a2 * b2));
    c23 = f(c23 + f(a2 * b3));
    c30 = f(c30 + f(a3 * b0));
    c31 = f(c31 + f(a3 * b1));
    c32 = f(c32 + f(a3 * b2));
    c33 = f(c33 + f(a3 * b3));
  }
  const sums = full ? null : [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  if (sums !== null) {
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) c[co + r * ldc + q] = sums[r * NR + q]!;
    return;
  }
  let o = co;
  c[o] = c00;
  c[o + 1] = c01;
  c[o + 2] = c02;
  c[o + 3] = c03;
  o += ldc;
  c[o] = c10;
  c[o + 1] = c11;
  c[o + 2] = c12;
  c[o + 3] = c13;
  o += ldc;
  c[o] = c20;
  c[o + 1] = c21;
  c[o + 2] = c22;
  c[o + 3] = c23;
  o += ldc;
  c[o] = c30;
  c[o + 1] = c31;
  c[o + 2] = c32;
  c[o + 3] = c33;
};

/** A micro-kernel: `micro` (float64 sums) or `micro32` (float32 sums). */
type Micro = typeof micro;

/** The tiled product into a row-major m×n block c (from offset co), each block through `mk`. */
const tiled = (a: View, b: View, c: Float64Array, co: number, m: number, k: number, n: number, mk: Micro): void => {
  const pa = new Float64Array(Math.ceil(Math.min(MC, m) / MR) * MR * Math.min(KC, k));
  const pb = new Float64Array(Math.ceil(Math.min(NC, n) / NR) * NR * Math.min(KC, k));
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(b, p0, kc, j0, nc, pb);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(a, i0, mc, p0, kc, pa);
        for (let jp = 0; jp < nc; jp += NR) {
          for (let ip = 0; ip < mc; ip += MR) {
            mk(
              pa,
              ip * kc,
              pb,
              jp * kc,
              kc,
              c,
              co + (i0 + ip) * n + j0 + jp,
              n,
              Math.min(MR, mc - ip),
              Math.min(NR, nc - jp),
            );
          }
        }
      }
    }
  }
};

/** The plain loop for small products: each output element summed over p in order, in float64. */
const plain = (a: View, b: View, out: TypedArray, oOff: number, m: number, k: number, n: number): void => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = out[oOff + i * n + j]!;
      for (let p = 0, u = a.off + i * a.rs, v = b.off + j * b.cs; p < k; p++, u += a.cs, v += b.rs)
        s += a.x[u]! * b.x[v]!;
      out[oOff + i * n + j] = s;
    }
  }
};

/**
 * The plain loop in float32, over p in order from out's value: s = fround(s + fround(a·b)), or s = fmaF32(a, b, s)
 * when `fused`.
 */
const plain32 = (
  a: View,
  b: View,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  fused: boolean,
): void => {
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = out[oOff + i * n + j]!;
      const [u0, v0] = [a.off + i * a.rs, b.off + j * b.cs];
      if (fused) for (let p = 0, u = u0, v = v0; p < k; p++, u += a.cs, v += b.rs) s = fmaF32(a.x[u]!, b.x[v]!, s);
      else for (let p = 0, u = u0, v = v0; p < k; p++, u += a.cs, v += b.rs) s = f(s + f(a.x[u]! * b.x[v]!));
      out[oOff + i * n + j] = s;
    }
  }
};

/**
 * Accumulates op(a) · op(b) into out (m×n, row-major from oOff): op(a) is m×k, stored as a[m×k] from aOff, or
 * as a[k×m] read transposed when `transA`; op(b) is k×n, stored as b[k×n] from bOff, or b[n×k] when `transB`.
 * out[i, j] ← out[i, j] + Σ_p op(a)[i, p]·op(b)[p, j], the p increasing: in float64 (s += a·b) for a Float64Array
 * out, in float32 (s = fround(s + fround(a·b))) for a Float32Array out, or with each float32 step fused,
 * s = fmaF32(a, b, s) (rounded once), when `fused`. float64 products ignore `fused`.
 */
export const matmulKernel = (
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
  fused = false,
): void => {
  const av: View = transA ? { x: a, off: aOff, rs: 1, cs: m } : { x: a, off: aOff, rs: k, cs: 1 };
  const bv: View = transB ? { x: b, off: bOff, rs: 1, cs: k } : { x: b, off: bOff, rs: n, cs: 1 };
  const wide = out instanceof Float64Array;
  const small = m * k * n < SMALL || m < MR || n < NR;
  if (wide && small) {
    plain(av, bv, out, oOff, m, k, n);
    return;
  }
  if (!wide && (small || fused)) {
    plain32(av, bv, out, oOff, m, k, n, fused);
    return;
  }
  if (wide) {
    tiled(av, bv, out, oOff, m, k, n, micro);
    return;
  }
  const c = Float64Array.from(out.subarray(oOff, oOff + m * n));
  tiled(av, bv, c, 0, m, k, n, micro32);
  out.set(c, oOff);
};
