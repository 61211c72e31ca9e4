/**
 * The matrix product in 128-bit SIMD: c += op(a) · op(b), float32 and float64, for a block of rows and columns
 * of c (so that threads can share one product without ever splitting a sum).
 *
 * Operands are row-major at byte offsets: op(a) is m×k, stored a[m×k], or a[k×m] read transposed (flag bit 1);
 * op(b) is k×n, stored b[k×n], or b[n×k] read transposed (flag bit 2); c is m×n. Large products are tiled the
 * GotoBLAS way: a KC×NC tile of op(b) and an MC×KC tile of op(a) are packed into contiguous panels (NR columns,
 * MR rows, zero-padded), and a register-blocked micro-kernel walks them. Every element of c is loaded, then
 * gets its products added in increasing p, one rounded multiply and one rounded add each
 * (c = c + a·b), and is stored: float32 accumulates in float32, float64 in float64, and the result does not
 * depend on the blocking, the row and column split, or the thread count. Products of a few rows with op(b) = b
 * skip the packing (matmulRowsF32/F64: rows of b streamed in place, same sums).
 *
 * Fused float32 products: compiled with relaxed SIMD (ASC_FEATURE_RELAXED_SIMD, the second build of embed.mjs),
 * the float32 kernels also offer c = fma(a, b, c) per step, a·b + c rounded once (f32x4.relaxed_madd), chosen
 * per call by the flag bit FUSED; the host must fuse relaxed_madd (module.ts checks with matmulMaddF32). The
 * arithmetic is written once, generic over a tag type (Fused or Separate) that the compiler resolves statically.
 * The plain build has no relaxed SIMD and ignores FUSED. float64 never fuses.
 */

/** Flag bit: op(a) = aᵀ (a is stored k×m). */
const TRANS_A: i32 = 1;
/** Flag bit: op(b) = bᵀ (b is stored n×k). */
const TRANS_B: i32 = 2;
/** Flag bit: float32 steps fused, c = fma(a, b, c) (relaxed build only). */
const FUSED: i32 = 4;

/** Tag type: a float32 step rounds once, s = fma(a, b, s) (relaxed_madd, where the host fuses it). */
class Fused {}
/** Tag type: a float32 step rounds twice, s = s + a·b (multiply, then add). */
class Separate {}

/** Whether a call's flags ask for fused float32 steps (always false in the plain build). */
@inline function fusedFlag(flags: i32): bool {
  return ASC_FEATURE_RELAXED_SIMD && (flags & FUSED) != 0;
}

/** Four float32 steps s + x·b: fused (one rounding) for M = Fused in the relaxed build, else multiply then add. */
@inline function madd<M>(x: v128, b: v128, s: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && idof<M>() == idof<Fused>()) return f32x4.relaxed_madd(x, b, s);
  return f32x4.add(s, f32x4.mul(x, b));
}

/** One float32 step s + x·y, as madd<M> computes each lane. */
@inline function madd1<M>(x: f32, y: f32, s: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD && idof<M>() == idof<Fused>()) {
    return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(x), f32x4.splat(y), f32x4.splat(s)), 0);
  }
  return s + x * y;
}

/**
 * The float32 step the products use, on numbers: a·b + c, fused when `fused` ≠ 0 in the relaxed build. For the
 * loader's check that the host's relaxed_madd rounds once: (1 + 2⁻¹²)² − (1 + 2⁻¹¹) is 2⁻²⁴ fused, 0 separate.
 */
export function matmulMaddF32(a: f32, b: f32, c: f32, fused: i32): f32 {
  return ASC_FEATURE_RELAXED_SIMD && fused != 0 ? madd1<Fused>(a, b, c) : madd1<Separate>(a, b, c);
}

/** float32 register block (rows × columns: 4 × two f32x4) and cache blocking. */
const MR32: i32 = 4;
const NR32: i32 = 8;
const KC32: i32 = 256;
const MC32: i32 = 32;
const NC32: i32 = 1024;

/** float64 register block (rows × columns: 4 × two f64x2) and cache blocking. */
const MR64: i32 = 4;
const NR64: i32 = 4;
const KC64: i32 = 256;
const MC64: i32 = 16;
const NC64: i32 = 512;

/** Bytes of the edge tile (an MR×NR block of c, copied to where the full micro-kernel can run on it). */
const TILE_BYTES: i32 = 256;

@inline function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

/**
 * The scratch bytes one thread needs for an m×k by k×n product (`wide` = 1 for float64): the packed tile of
 * op(a) (MC×KC), the packed tile of op(b) (KC×NC, columns rounded up to NR) and the edge tile.
 */
export function matmulScratchBytes(wide: i32, m: i32, k: i32, n: i32): i32 {
  if (wide != 0) {
    const kc = min(KC64, k);
    return (roundUp(min(MC64, m), MR64) * kc + roundUp(min(NC64, n), NR64) * kc) * 8 + TILE_BYTES;
  }
  const kc = min(KC32, k);
  return (roundUp(min(MC32, m), MR32) * kc + roundUp(min(NC32, n), NR32) * kc) * 4 + TILE_BYTES;
}

// ---------------------------------------------------------------------------------------------------- float32

/**
 * Packs op(a)[i0 : i0+mc, p0 : p0+kc] (float32) as panels of MR rows: dst[(ip·kc + p)·MR + r], zero rows past mc.
 * op(a)[i, p] is a[i·k + p], or a[p·m + i] when transposed.
 */
function packA32(a: usize, m: i32, k: i32, ta: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  let d = dst;
  for (let ip = 0; ip < mc; ip += MR32) {
    const rows = min(MR32, mc - ip);
    if (ta && rows == MR32) {
      let s = a + ((<usize>p0 * m + i0 + ip) << 2);
      const step = <usize>m << 2;
      for (let p = 0; p < kc; p++, s += step, d += 16) v128.store(d, v128.load(s));
    } else if (!ta && rows == MR32) {
      const r0 = a + ((<usize>(i0 + ip) * k + p0) << 2);
      const rs = <usize>k << 2;
      for (let p = 0; p < kc; p++, d += 16) {
        const s = r0 + (<usize>p << 2);
        store<f32>(d, load<f32>(s));
        store<f32>(d, load<f32>(s + rs), 4);
        store<f32>(d, load<f32>(s + 2 * rs), 8);
        store<f32>(d, load<f32>(s + 3 * rs), 12);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR32; r++, d += 4) {
          const i = i0 + ip + r;
          const at = ta ? <usize>(p0 + p) * m + i : <usize>i * k + p0 + p;
          store<f32>(d, r < rows ? load<f32>(a + (at << 2)) : 0);
        }
      }
    }
  }
}

/**
 * Packs op(b)[p0 : p0+kc, j0 : j0+nc] (float32) as panels of NR columns: dst[(jp·kc + p)·NR + c], zero columns
 * past nc. op(b)[p, j] is b[p·n + j], or b[j·k + p] when transposed.
 */
function packB32(b: usize, k: i32, n: i32, tb: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  let d = dst;
  for (let jp = 0; jp < nc; jp += NR32) {
    const cols = min(NR32, nc - jp);
    if (!tb && cols == NR32) {
      let s = b + ((<usize>p0 * n + j0 + jp) << 2);
      const step = <usize>n << 2;
      for (let p = 0; p < kc; p++, s += step, d += 32) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (tb && cols == NR32) {
      const c0 = b + ((<usize>(j0 + jp) * k + p0) << 2);
      const cs = <usize>k << 2;
      for (let p = 0; p < kc; p++, d += 32) {
        const s = c0 + (<usize>p << 2);
        store<f32>(d, load<f32>(s));
        store<f32>(d, load<f32>(s + cs), 4);
        store<f32>(d, load<f32>(s + 2 * cs), 8);
        store<f32>(d, load<f32>(s + 3 * cs), 12);
        store<f32>(d, load<f32>(s + 4 * cs), 16);
        store<f32>(d, load<f32>(s + 5 * cs), 20);
        store<f32>(d, load<f32>(s + 6 * cs), 24);
        store<f32>(d, load<f32>(s + 7 * cs), 28);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let q = 0; q < NR32; q++, d += 4) {
          const j = j0 + jp + q;
          const at = tb ? <usize>j * k + p0 + p : <usize>(p0 + p) * n + j;
          store<f32>(d, q < cols ? load<f32>(b + (at << 2)) : 0);
        }
      }
    }
  }
}

/**
 * The float32 micro-kernel: c[r, q] = c[r, q] + pa[p, r] · pb[p, q] for p = 0 … kc−1 in order, for a 4×8 block
 * of c at byte offset c with row stride ldc bytes, the 32 sums held in eight f32x4 registers.
 */
@inline function micro32<M>(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let s00 = v128.load(c), s01 = v128.load(c, 16);
  let s10 = v128.load(c1), s11 = v128.load(c1, 16);
  let s20 = v128.load(c2), s21 = v128.load(c2, 16);
  let s30 = v128.load(c3), s31 = v128.load(c3, 16);
  let u = pa;
  let v = pb;
  for (let p = 0; p < kc; p++, u += 16, v += 32) {
    const b0 = v128.load(v);
    const b1 = v128.load(v, 16);
    let x = v128.load32_splat(u);
    s00 = madd<M>(x, b0, s00);
    s01 = madd<M>(x, b1, s01);
    x = v128.load32_splat(u, 4);
    s10 = madd<M>(x, b0, s10);
    s11 = madd<M>(x, b1, s11);
    x = v128.load32_splat(u, 8);
    s20 = madd<M>(x, b0, s20);
    s21 = madd<M>(x, b1, s21);
    x = v128.load32_splat(u, 12);
    s30 = madd<M>(x, b0, s30);
    s31 = madd<M>(x, b1, s31);
  }
  v128.store(c, s00);
  v128.store(c, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

/** The micro-kernel on a partial rows×cols block: through the edge tile (copied in, run, copied back). */
function edge32<M>(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, rows: i32, cols: i32, tile: usize): void {
  for (let r = 0; r < MR32; r++) {
    for (let q = 0; q < NR32; q++) {
      const t = tile + (<usize>(r * NR32 + q) << 2);
      store<f32>(t, r < rows && q < cols ? load<f32>(c + <usize>r * ldc + (<usize>q << 2)) : 0);
    }
  }
  micro32<M>(pa, pb, kc, tile, <usize>NR32 << 2);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      store<f32>(c + <usize>r * ldc + (<usize>q << 2), load<f32>(tile + (<usize>(r * NR32 + q) << 2)));
    }
  }
}

/**
 * float32: c[i, j] += Σ_p op(a)[i, p] · op(b)[p, j] (summed in float32, p increasing) for rows i0 ≤ i < i1 and
 * columns j0 ≤ j < j1 of c. Byte offsets a, b, c; `flags` = TRANS_A | TRANS_B | FUSED bits (FUSED: each step
 * c = fma(a, b, c), rounded once); `scratch` points to `matmulScratchBytes(0, m, k, n)` bytes of this thread's own.
 */
export function matmulF32(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize,
): void {
  if (fusedFlag(flags)) blocksF32<Fused>(a, b, c, m, k, n, flags, i0, i1, j0, j1, scratch);
  else blocksF32<Separate>(a, b, c, m, k, n, flags, i0, i1, j0, j1, scratch);
}

/** matmulF32's blocked loops, with the step of M (Fused or Separate). */
@inline function blocksF32<M>(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize,
): void {
  const ta = (flags & TRANS_A) != 0;
  const tb = (flags & TRANS_B) != 0;
  const kcMax = min(KC32, k);
  const pa = scratch;
  const pb = pa + (<usize>(roundUp(min(MC32, m), MR32) * kcMax) << 2);
  const tile = pb + (<usize>(roundUp(min(NC32, n), NR32) * kcMax) << 2);
  const ldc = <usize>n << 2;
  for (let jc = j0; jc < j1; jc += NC32) {
    const nc = min(NC32, j1 - jc);
    for (let pc = 0; pc < k; pc += KC32) {
      const kc = min(KC32, k - pc);
      packB32(b, k, n, tb, pc, kc, jc, nc, pb);
      for (let ic = i0; ic < i1; ic += MC32) {
        const mc = min(MC32, i1 - ic);
        packA32(a, m, k, ta, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR32) {
          const cols = min(NR32, nc - jr);
          const v = pb + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR32) {
            const rows = min(MR32, mc - ir);
            const u = pa + (<usize>(ir * kc) << 2);
            const at = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (rows == MR32 && cols == NR32) micro32<M>(u, v, kc, at, ldc);
            else edge32<M>(u, v, kc, at, ldc, rows, cols, tile);
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------- float64

/** Packs op(a)[i0 : i0+mc, p0 : p0+kc] (float64) as panels of MR rows: dst[(ip·kc + p)·MR + r]; see packA32. */
function packA64(a: usize, m: i32, k: i32, ta: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  let d = dst;
  for (let ip = 0; ip < mc; ip += MR64) {
    const rows = min(MR64, mc - ip);
    if (ta && rows == MR64) {
      let s = a + ((<usize>p0 * m + i0 + ip) << 3);
      const step = <usize>m << 3;
      for (let p = 0; p < kc; p++, s += step, d += 32) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (!ta && rows == MR64) {
      const r0 = a + ((<usize>(i0 + ip) * k + p0) << 3);
      const rs = <usize>k << 3;
      for (let p = 0; p < kc; p++, d += 32) {
        const s = r0 + (<usize>p << 3);
        store<f64>(d, load<f64>(s));
        store<f64>(d, load<f64>(s + rs), 8);
        store<f64>(d, load<f64>(s + 2 * rs), 16);
        store<f64>(d, load<f64>(s + 3 * rs), 24);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR64; r++, d += 8) {
          const i = i0 + ip + r;
          const at = ta ? <usize>(p0 + p) * m + i : <usize>i * k + p0 + p;
          store<f64>(d, r < rows ? load<f64>(a + (at << 3)) : 0);
        }
      }
    }
  }
}

/** Packs op(b)[p0 : p0+kc, j0 : j0+nc] (float64) as panels of NR columns: dst[(jp·kc + p)·NR + c]; see packB32. */
function packB64(b: usize, k: i32, n: i32, tb: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  let d = dst;
  for (let jp = 0; jp < nc; jp += NR64) {
    const cols = min(NR64, nc - jp);
    if (!tb && cols == NR64) {
      let s = b + ((<usize>p0 * n + j0 + jp) << 3);
      const step = <usize>n << 3;
      for (let p = 0; p < kc; p++, s += step, d += 32) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
    } else if (tb && cols == NR64) {
      const c0 = b + ((<usize>(j0 + jp) * k + p0) << 3);
      const cs = <usize>k << 3;
      for (let p = 0; p < kc; p++, d += 32) {
        const s = c0 + (<usize>p << 3);
        store<f64>(d, load<f64>(s));
        store<f64>(d, load<f64>(s + cs), 8);
        store<f64>(d, load<f64>(s + 2 * cs), 16);
        store<f64>(d, load<f64>(s + 3 * cs), 24);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let q = 0; q < NR64; q++, d += 8) {
          const j = j0 + jp + q;
          const at = tb ? <usize>j * k + p0 + p : <usize>(p0 + p) * n + j;
          store<f64>(d, q < cols ? load<f64>(b + (at << 3)) : 0);
        }
      }
    }
  }
}

/**
 * The float64 micro-kernel: c[r, q] = c[r, q] + pa[p, r] · pb[p, q] for p = 0 … kc−1 in order, for a 4×4 block
 * of c with row stride ldc bytes, the 16 sums in eight f64x2 registers: the same rounded operations, in the
 * same order, as the scalar loop `s += a * b`.
 */
@inline function micro64(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let s00 = v128.load(c), s01 = v128.load(c, 16);
  let s10 = v128.load(c1), s11 = v128.load(c1, 16);
  let s20 = v128.load(c2), s21 = v128.load(c2, 16);
  let s30 = v128.load(c3), s31 = v128.load(c3, 16);
  let u = pa;
  let v = pb;
  for (let p = 0; p < kc; p++, u += 32, v += 32) {
    const b0 = v128.load(v);
    const b1 = v128.load(v, 16);
    let x = v128.load64_splat(u);
    s00 = f64x2.add(s00, f64x2.mul(x, b0));
    s01 = f64x2.add(s01, f64x2.mul(x, b1));
    x = v128.load64_splat(u, 8);
    s10 = f64x2.add(s10, f64x2.mul(x, b0));
    s11 = f64x2.add(s11, f64x2.mul(x, b1));
    x = v128.load64_splat(u, 16);
    s20 = f64x2.add(s20, f64x2.mul(x, b0));
    s21 = f64x2.add(s21, f64x2.mul(x, b1));
    x = v128.load64_splat(u, 24);
    s30 = f64x2.add(s30, f64x2.mul(x, b0));
    s31 = f64x2.add(s31, f64x2.mul(x, b1));
  }
  v128.store(c, s00);
  v128.store(c, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

/** The float64 micro-kernel on a partial rows×cols block, through the edge tile. */
function edge64(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, rows: i32, cols: i32, tile: usize): void {
  for (let r = 0; r < MR64; r++) {
    for (let q = 0; q < NR64; q++) {
      const t = tile + (<usize>(r * NR64 + q) << 3);
      store<f64>(t, r < rows && q < cols ? load<f64>(c + <usize>r * ldc + (<usize>q << 3)) : 0);
    }
  }
  micro64(pa, pb, kc, tile, <usize>NR64 << 3);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      store<f64>(c + <usize>r * ldc + (<usize>q << 3), load<f64>(tile + (<usize>(r * NR64 + q) << 3)));
    }
  }
}

/**
 * float64: c[i, j] += Σ_p op(a)[i, p] · op(b)[p, j] (p increasing, bit for bit the scalar loop) for rows
 * i0 ≤ i < i1 and columns j0 ≤ j < j1 of c; arguments as matmulF32 (scratch: `matmulScratchBytes(1, m, k, n)`).
 */
export function matmulF64(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize,
): void {
  const ta = (flags & TRANS_A) != 0;
  const tb = (flags & TRANS_B) != 0;
  const kcMax = min(KC64, k);
  const pa = scratch;
  const pb = pa + (<usize>(roundUp(min(MC64, m), MR64) * kcMax) << 3);
  const tile = pb + (<usize>(roundUp(min(NC64, n), NR64) * kcMax) << 3);
  const ldc = <usize>n << 3;
  for (let jc = j0; jc < j1; jc += NC64) {
    const nc = min(NC64, j1 - jc);
    for (let pc = 0; pc < k; pc += KC64) {
      const kc = min(KC64, k - pc);
      packB64(b, k, n, tb, pc, kc, jc, nc, pb);
      for (let ic = i0; ic < i1; ic += MC64) {
        const mc = min(MC64, i1 - ic);
        packA64(a, m, k, ta, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR64) {
          const cols = min(NR64, nc - jr);
          const v = pb + (<usize>(jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR64) {
            const rows = min(MR64, mc - ir);
            const u = pa + (<usize>(ir * kc) << 3);
            const at = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 3);
            if (rows == MR64 && cols == NR64) micro64(u, v, kc, at, ldc);
            else edge64(u, v, kc, at, ldc, rows, cols, tile);
          }
        }
      }
    }
  }
}

// ------------------------------------------------------------------------------------------- thin products

/**
 * float32 without packing, for products of few rows (m < 4) with op(b) = b (stored k×n): for each row i in
 * [i0, i1) and each run of columns in [j0, j1), c[i, j] = c[i, j] + op(a)[i, p] · b[p, j] for p = 0 … k−1 in
 * order (16 columns in four f32x4 registers, then 4, then one), b read row by row in place; FUSED in `flags`:
 * each step c = fma(a, b, c), as matmulF32.
 */
export function matmulRowsF32(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  if (fusedFlag(flags)) rowsF32<Fused>(a, b, c, m, k, n, flags, i0, i1, j0, j1);
  else rowsF32<Separate>(a, b, c, m, k, n, flags, i0, i1, j0, j1);
}

/** matmulRowsF32's loops, with the step of M (Fused or Separate). */
@inline function rowsF32<M>(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const ta = (flags & TRANS_A) != 0;
  const ars: usize = ta ? 4 : <usize>k << 2;
  const acs: usize = ta ? <usize>m << 2 : 4;
  const ldb = <usize>n << 2;
  for (let i = i0; i < i1; i++) {
    const ai = a + <usize>i * ars;
    const ci = c + (<usize>i * n << 2);
    let j = j0;
    for (; j + 16 <= j1; j += 16) {
      const cj = ci + (<usize>j << 2);
      let s0 = v128.load(cj), s1 = v128.load(cj, 16), s2 = v128.load(cj, 32), s3 = v128.load(cj, 48);
      let u = ai;
      let v = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, u += acs, v += ldb) {
        const x = v128.load32_splat(u);
        s0 = madd<M>(x, v128.load(v), s0);
        s1 = madd<M>(x, v128.load(v, 16), s1);
        s2 = madd<M>(x, v128.load(v, 32), s2);
        s3 = madd<M>(x, v128.load(v, 48), s3);
      }
      v128.store(cj, s0);
      v128.store(cj, s1, 16);
      v128.store(cj, s2, 32);
      v128.store(cj, s3, 48);
    }
    for (; j + 4 <= j1; j += 4) {
      const cj = ci + (<usize>j << 2);
      let s0 = v128.load(cj);
      let u = ai;
      let v = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, u += acs, v += ldb) s0 = madd<M>(v128.load32_splat(u), v128.load(v), s0);
      v128.store(cj, s0);
    }
    for (; j < j1; j++) {
      const cj = ci + (<usize>j << 2);
      let s = load<f32>(cj);
      let u = ai;
      let v = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, u += acs, v += ldb) s = madd1<M>(load<f32>(u), load<f32>(v), s);
      store<f32>(cj, s);
    }
  }
}

/** float64 without packing, for few rows with op(b) = b: as matmulRowsF32 (8, 2 and 1 columns at a time). */
export function matmulRowsF64(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, flags: i32, i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const ta = (flags & TRANS_A) != 0;
  const ars: usize = ta ? 8 : <usize>k << 3;
  const acs: usize = ta ? <usize>m << 3 : 8;
  const ldb = <usize>n << 3;
  for (let i = i0; i < i1; i++) {
    const ai = a + <usize>i * ars;
    const ci = c + (<usize>i * n << 3);
    let j = j0;
    for (; j + 8 <= j1; j += 8) {
      const cj = ci + (<usize>j << 3);
      let s0 = v128.load(cj), s1 = v128.load(cj, 16), s2 = v128.load(cj, 32), s3 = v128.load(cj, 48);
      let u = ai;
      let v = b + (<usize>j << 3);
      for (let p = 0; p < k; p++, u += acs, v += ldb) {
        const x = v128.load64_splat(u);
        s0 = f64x2.add(s0, f64x2.mul(x, v128.load(v)));
        s1 = f64x2.add(s1, f64x2.mul(x, v128.load(v, 16)));
        s2 = f64x2.add(s2, f64x2.mul(x, v128.load(v, 32)));
        s3 = f64x2.add(s3, f64x2.mul(x, v128.load(v, 48)));
      }
      v128.store(cj, s0);
      v128.store(cj, s1, 16);
      v128.store(cj, s2, 32);
      v128.store(cj, s3, 48);
    }
    for (; j + 2 <= j1; j += 2) {
      const cj = ci + (<usize>j << 3);
      let s0 = v128.load(cj);
      let u = ai;
      let v = b + (<usize>j << 3);
      for (let p = 0; p < k; p++, u += acs, v += ldb) s0 = f64x2.add(s0, f64x2.mul(v128.load64_splat(u), v128.load(v)));
      v128.store(cj, s0);
    }
    for (; j < j1; j++) {
      const cj = ci + (<usize>j << 3);
      let s = load<f64>(cj);
      let u = ai;
      let v = b + (<usize>j << 3);
      for (let p = 0; p < k; p++, u += acs, v += ldb) s = s + load<f64>(u) * load<f64>(v);
      store<f64>(cj, s);
    }
  }
}
