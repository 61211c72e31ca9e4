/**
 * Float32 transcendentals on four lanes (f32x4), each within 1 ulp of the correctly rounded result over the
 * whole float32 range (overflow, underflow, subnormals, ±∞, ±0 and NaN included), deterministic, with no
 * table and no state: every function is `@inline`, so that elementwise kernels and fused jit kernels can
 * call them inside their own loops. Names are stable (other kernels import them).
 *
 * exp and log are computed in float32 (Cody–Waite range reduction and the Cephes minimax polynomials, summed
 * so that the leading term is added last). expm1, log1p, tanh, sigmoid and softplus are computed in float64
 * on two f64x2 halves (their float32 forms lose accuracy to cancellation), with polynomials accurate to 2⁻³¹
 * or better, then rounded once to float32: a float64 value within 2⁻²⁵ (relative) of the true one rounds to
 * within 1 ulp of the correctly rounded float32.
 */

// ---- float64 helpers (two lanes) ----

/** log2(e) in float64. */
const LOG2E: f64 = 1.4426950408889634;
/** ln 2 split in two (fdlibm): n·LN2_HI is exact for |n| < 2²⁰. */
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
/** ln 2 in float64. */
const LN2: f64 = 0.6931471805599453;

/** Lanes 0–1 of v (float32) as float64. */
@inline function lowF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2–3 of v (float32) as float64. */
@inline function highF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Four float32 lanes from two f64x2 halves, each rounded once. */
@inline function joinF32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** 2ᵏ for int64 lanes k in [−1022, 1023]. */
@inline function pow2F64(k: v128): v128 {
  return i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
}

/** 1.5·2⁵²: adding it to a float64 of magnitude below 2⁵¹ rounds it to an integer held in the low bits. */
const SHIFTER_F64: f64 = 6755399441055744.0;
/** 1.5·2²³, the same for float32 (magnitudes below 2²²). */
const SHIFTER_F32: f32 = 12582912.0;

/**
 * round(x·log₂e) for float64 lanes, plus the shifter: its low bits hold the integer n (i64x2.sub of the
 * shifter's bits gives n as int64), and subtracting the shifter gives n as a float64.
 */
@inline function shiftedLog2(x: v128): v128 {
  return f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(SHIFTER_F64));
}

/** n as int64 lanes from shiftedLog2's value. */
@inline function shiftedInt64(t: v128): v128 {
  return i64x2.sub(t, f64x2.splat(SHIFTER_F64));
}

/** x − n·ln2 in two steps (n·LN2_HI exact). */
@inline function remainderLn2(x: v128, n: v128): v128 {
  return f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
}

/**
 * eˣ on two float64 lanes, relative error below 2⁻³¹ (a float32 result needs 2⁻²⁵): x clamped to [−200, 200],
 * x = n·ln2 + r, e^r by its Taylor polynomial of degree 9, times 2ⁿ. NaN stays NaN.
 */
@inline export function expF64x2Approx(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-200.0)), f64x2.splat(200.0));
  const t = shiftedLog2(xc);
  const r = remainderLn2(xc, f64x2.sub(t, f64x2.splat(SHIFTER_F64)));
  let p = f64x2.splat(1.0 / 362880.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  return f64x2.mul(p, pow2F64(shiftedInt64(t)));
}

/**
 * eˣ − 1 on two float64 lanes for x in [−1000, 1000], relative error below 2⁻³² away from x = 0 (callers return
 * tiny x itself): x = n·ln2 + r, q = e^r − 1 = r·(1 + r/2 + … + r⁸/9!), then 2ⁿ·q + (2ⁿ − 1); the cancellation
 * of the last sum costs at most a few bits of float64, far below float32's.
 */
@inline export function expm1F64x2Approx(x: v128): v128 {
  const t = shiftedLog2(x);
  const r = remainderLn2(x, f64x2.sub(t, f64x2.splat(SHIFTER_F64)));
  let p = f64x2.splat(1.0 / 3628800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const q = f64x2.mul(p, r);
  const s = pow2F64(shiftedInt64(t));
  return f64x2.add(f64x2.mul(s, q), f64x2.sub(s, f64x2.splat(1.0)));
}

/**
 * ln u on two float64 lanes for u positive, finite and normal, relative error below 2⁻⁴⁰ (and absolute below
 * 2⁻⁴⁰·|ln u| near u = 1): u = 2ᵏ·m with m in [√½, √2), ln m = 2·atanh(s), s = (m − 1)/(m + 1), by the odd
 * series 2s·(1 + s²/3 + … + s¹²/13).
 */
@inline export function logF64x2Approx(u: v128): v128 {
  const t = i64x2.sub(u, i64x2.splat(0x3fe6a09e667f3bcd));
  const k = i64x2.shr_s(t, 52);
  const m = i64x2.sub(u, i64x2.shl(k, 52));
  // k as float64: (k + 1.5·2⁵²) read as a double, minus 1.5·2⁵².
  const magic = i64x2.splat(0x4338000000000000);
  const kf = f64x2.sub(i64x2.add(k, magic), magic);
  const s = f64x2.div(f64x2.sub(m, f64x2.splat(1.0)), f64x2.add(m, f64x2.splat(1.0)));
  const z = f64x2.mul(s, s);
  let q = f64x2.splat(1.0 / 13.0);
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 11.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 9.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 7.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 5.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 3.0));
  const two = f64x2.add(s, s);
  const lnm = f64x2.add(two, f64x2.mul(f64x2.mul(two, z), q));
  return f64x2.add(f64x2.mul(kf, f64x2.splat(LN2)), lnm);
}

// ---- float32 functions (four lanes) ----

/**
 * eˣ (float32): x clamped to [−104, 89] (beyond it the result is 0 or +∞ anyway), n = round(x·log₂e) (by the
 * shifter 1.5·2²³, whose low bits then hold n),
 * r = x − n·C₁ − n·C₂ (C₁ + C₂ = ln 2, n·C₁ exact), e^r = 1 + r + r²·P(r) (Cephes expf's degree-5 P), added
 * as (r²·P + r) + 1, then times 2^⌊n/2⌋·2^(n−⌊n/2⌋) (two exact scalings, so that overflow and gradual
 * underflow happen once, at the end). NaN stays NaN.
 */
@inline export function expF32x4(x: v128): v128 {
  // pmax/pmin (one instruction each) keep a NaN x: the comparisons are false and x is returned.
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(1.44269504088896341)), f32x4.splat(SHIFTER_F32));
  const n = f32x4.sub(t, f32x4.splat(SHIFTER_F32));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, z), r), f32x4.splat(1.0));
  const ni = i32x4.sub(t, f32x4.splat(SHIFTER_F32));
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/**
 * ln x (float32): subnormals scaled by 2²³ first; x = 2ᵉ·m with m in [√½, √2), f = m − 1 (exact),
 * ln x = f − f²/2 + f³·P(f) + e·ln 2 (Cephes logf's degree-8 P, ln 2 in two parts, the large terms added
 * last). x < 0 or NaN → NaN, ±0 → −∞, +∞ → +∞.
 */
@inline export function logF32x4(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny);
  const bits = xs;
  let e = i32x4.sub(v128.and(i32x4.shr_u(bits, 23), i32x4.splat(0xff)), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  const m = v128.or(v128.and(bits, i32x4.splat(<i32>0x807fffff)), i32x4.splat(0x3f000000));
  const below = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, below);
  const f = v128.bitselect(f32x4.sub(f32x4.add(m, m), f32x4.splat(1.0)), f32x4.sub(m, f32x4.splat(1.0)), below);
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(f, f);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, f), z);
  y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(-2.12194440e-4)));
  y = f32x4.add(y, f32x4.mul(z, f32x4.splat(-0.5)));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(ef, f32x4.splat(0.693359375)));
  // Special values: +∞ → +∞, ±0 → −∞, x < 0 or NaN → NaN.
  r = v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0.0)));
  return v128.bitselect(f32x4.splat(NaN), r, v128.not(f32x4.ge(x, f32x4.splat(0.0))));
}

/** The float32 lanes of x as two f64x2 halves, f applied to each, rounded back once. */
@inline function viaF64(x: v128, which: i32): v128 {
  const lo = lowF64(x);
  const hi = highF64(x);
  return joinF32(applyF64(which, lo), applyF64(which, hi));
}

/** The float64 forms behind the float32 functions below, by number. */
@inline function applyF64(which: i32, x: v128): v128 {
  if (which == 0) return expm1F64(x);
  if (which == 1) return log1pF64(x);
  if (which == 2) return tanhF64(x);
  if (which == 3) return sigmoidF64(x);
  return softplusF64(x);
}

/**
 * eˣ − 1 for float32 inputs in float64 lanes: x clamped to [−40, 89] (the float32 result is −1 or +∞ beyond);
 * |x| < 2⁻³⁰ gives x itself (the correctly rounded value in float32, and −0 stays −0).
 */
@inline function expm1F64(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-40.0)), f64x2.splat(89.0));
  const tiny = f64x2.lt(f64x2.abs(x), f64x2.splat(9.313225746154785e-10));
  return v128.bitselect(x, expm1F64x2Approx(xc), tiny);
}

/**
 * ln(1 + x) for float32 inputs in float64 lanes: 1 + x is exact in float64 for |x| ≥ 2⁻²⁵ (below, x − x²/2
 * is exact enough and keeps −0); then ln. x = −1 → −∞, x < −1 → NaN, +∞ → +∞, NaN → NaN.
 */
@inline function log1pF64(x: v128): v128 {
  const u = f64x2.add(x, f64x2.splat(1.0));
  const safe = v128.bitselect(u, f64x2.splat(1.0), f64x2.gt(u, f64x2.splat(0.0)));
  let r = logF64x2Approx(f64x2.pmin(safe, f64x2.splat(1.0e300)));
  const small = f64x2.sub(x, f64x2.mul(f64x2.mul(x, x), f64x2.splat(0.5)));
  r = v128.bitselect(small, r, f64x2.lt(f64x2.abs(x), f64x2.splat(2.98023223876953125e-8)));
  r = v128.bitselect(f64x2.splat(-Infinity), r, f64x2.eq(u, f64x2.splat(0.0)));
  r = v128.bitselect(x, r, f64x2.eq(x, f64x2.splat(Infinity)));
  return v128.bitselect(f64x2.splat(NaN), r, v128.not(f64x2.ge(x, f64x2.splat(-1.0))));
}

/**
 * tanh x = sign(x)·e/(e + 2) with e = e^(2|x|) − 1, |x| clamped to 10 (tanh is 1 in float32 beyond); tiny x
 * gives x.
 */
@inline function tanhF64(x: v128): v128 {
  const a = f64x2.pmin(f64x2.abs(x), f64x2.splat(10.0));
  const e = expm1F64x2Approx(f64x2.add(a, a));
  const t = f64x2.div(e, f64x2.add(e, f64x2.splat(2.0)));
  const tiny = f64x2.lt(a, f64x2.splat(9.313225746154785e-10));
  return v128.bitselect(x, v128.or(t, v128.and(x, i64x2.splat(0x8000000000000000))), tiny);
}

/** σ(x) = 1/(1 + e⁻ˣ) (no cancellation in float64; e⁻ˣ's clamp keeps it finite). */
@inline function sigmoidF64(x: v128): v128 {
  return f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), expF64x2Approx(f64x2.neg(x))));
}

/** softplus x = max(x, 0) + ln(1 + e) with e = e^−|x| in (0, 1], ln(1 + e) = 2·atanh(e/(2 + e)). */
@inline function softplusF64(x: v128): v128 {
  const e = expF64x2Approx(f64x2.neg(f64x2.abs(x)));
  const s = f64x2.div(e, f64x2.add(e, f64x2.splat(2.0)));
  const z = f64x2.mul(s, s);
  let q = f64x2.splat(1.0 / 23.0);
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 21.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 19.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 17.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 15.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 13.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 11.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 9.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 7.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 5.0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0 / 3.0));
  const two = f64x2.add(s, s);
  const l = f64x2.add(two, f64x2.mul(f64x2.mul(two, z), q));
  return f64x2.add(f64x2.max(x, f64x2.splat(0.0)), l);
}

/** eˣ − 1 (float32), computed in float64 and rounded once; tiny x returns x (keeps −0). */
@inline export function expm1F32x4(x: v128): v128 {
  return viaF64(x, 0);
}

/** ln(1 + x) (float32), computed in float64 and rounded once. */
@inline export function log1pF32x4(x: v128): v128 {
  return viaF64(x, 1);
}

/** tanh x (float32), computed in float64 and rounded once; odd, so tanh(−0) = −0. */
@inline export function tanhF32x4(x: v128): v128 {
  return viaF64(x, 2);
}

/** σ(x) = 1/(1 + e⁻ˣ) (float32), computed in float64 and rounded once. */
@inline export function sigmoidF32x4(x: v128): v128 {
  return viaF64(x, 3);
}

/** softplus x = max(x, 0) + ln(1 + e^−|x|) (float32), computed in float64 and rounded once. */
@inline export function softplusF32x4(x: v128): v128 {
  return viaF64(x, 4);
}

/**
 * |x|ʸ for float32 inputs in float64 lanes: e^(y·ln|x|), with ln|x| = −∞ at 0, +∞ at +∞, NaN at NaN. The
 * product's relative error (2⁻³⁹ from ln) becomes an absolute error of |y·ln|x||·2⁻³⁹ ≤ 2⁻³² in the exponent
 * wherever the float32 result is finite and non-zero (|y·ln|x|| < 104).
 */
@inline function powMagnitudeF64(ax: v128, y: v128): v128 {
  const normal = v128.and(f64x2.gt(ax, f64x2.splat(0.0)), f64x2.lt(ax, f64x2.splat(Infinity)));
  let l = logF64x2Approx(v128.bitselect(ax, f64x2.splat(1.0), normal));
  l = v128.bitselect(f64x2.splat(-Infinity), l, f64x2.eq(ax, f64x2.splat(0.0)));
  l = v128.bitselect(ax, l, v128.not(v128.or(normal, f64x2.eq(ax, f64x2.splat(0.0)))));
  return expF64x2Approx(f64x2.mul(y, l));
}

/**
 * xʸ (float32) with Math.pow's rules: |x|ʸ computed in float64 and rounded once; negative for x < 0 or −0 with
 * y an odd integer; NaN for finite x < 0 with y not an integer; 1 for y = ±0 (even with x NaN); NaN for y NaN
 * and for |x| = 1 with y = ±∞; ±0 and ±∞ as the limits give them.
 */
@inline export function powF32x4(x: v128, y: v128): v128 {
  const ax = f32x4.abs(x);
  let r = joinF32(powMagnitudeF64(lowF64(ax), lowF64(y)), powMagnitudeF64(highF64(ax), highF64(y)));
  const integral = f32x4.eq(f32x4.nearest(y), y);
  // Float32s of magnitude 2²⁴ and above are even integers.
  const small = f32x4.lt(f32x4.abs(y), f32x4.splat(16777216.0));
  const lowBit = i32x4.eq(v128.and(i32x4.trunc_sat_f32x4_s(y), i32x4.splat(1)), i32x4.splat(1));
  const odd = v128.and(v128.and(integral, small), lowBit);
  const signBit = i32x4.splat(<i32>0x80000000);
  r = v128.xor(r, v128.and(v128.and(odd, v128.and(x, signBit)), signBit));
  const finiteNegative = v128.and(f32x4.lt(x, f32x4.splat(0.0)), f32x4.gt(x, f32x4.splat(-Infinity)));
  r = v128.bitselect(f32x4.splat(NaN), r, v128.andnot(finiteNegative, integral));
  return v128.bitselect(f32x4.splat(1.0), r, f32x4.eq(y, f32x4.splat(0.0)));
}
