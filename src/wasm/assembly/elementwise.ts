/**
 * Elementwise kernels: unary ops over n elements, binary ops along a broadcast plan, and where. Operands are
 * arrays at byte offsets placed by src/wasm/elementwise.ts; T is f32 or f64 (one compiled copy each). The vector
 * loop takes 16 bytes at a time and a scalar loop the rest, which computes the same lane function on a
 * partially filled vector (so the tail rounds exactly as the body does). Exact ops (neg, abs, sqrt, sign, relu,
 * +, −, ×, ÷, min/max with the reference's NaN rule, comparisons) give the JavaScript reference's bits; the
 * float32 transcendentals are those of math-f32.ts (within 1 ulp).
 */
import {
  expF32x4, expm1F32x4, log1pF32x4, logF32x4, powF32x4, sigmoidF32x4, softplusF32x4, tanhF32x4,
} from './math-f32';

/** Unary op codes (src/wasm/elementwise.ts has the same table). */
const NEG = 0;
const ABS = 1;
const SQRT = 2;
const SIGN = 3;
const RELU = 4;
const POSITIVE = 5;
const IS_FINITE = 6;
const IS_NAN = 7;
const EXP = 8;
const LOG = 9;
const LOG1P = 10;
const EXPM1 = 11;
const TANH = 12;
const SIGMOID = 13;
const SOFTPLUS = 14;

/** Binary op codes. */
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAXIMUM = 4;
const MINIMUM = 5;
const MUL_NO_NAN = 6;
const GREATER = 7;
const GREATER_EQUAL = 8;
const LESS = 9;
const LESS_EQUAL = 10;
const EQUAL = 11;
const NOT_EQUAL = 12;
/** float32 only (within 1 ulp, see math-f32.ts). */
const POW = 13;

/** Lanes of a 128-bit vector of T. */
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** A vector of T with every lane v. */
@inline function splat<T>(v: T): v128 {
  return sizeof<T>() == 4 ? f32x4.splat(<f32>v) : f64x2.splat(<f64>v);
}

/** 1 in lanes where mask is set, +0 elsewhere. */
@inline function ones<T>(mask: v128): v128 {
  return v128.and(mask, splat<T>(<T>1));
}

/** The first k (< lanes) elements at p as a vector (other lanes 0). */
@inline function loadPart<T>(p: usize, k: i32): v128 {
  let v = v128.splat<T>(<T>0);
  if (sizeof<T>() == 4) {
    v = f32x4.replace_lane(v, 0, load<f32>(p));
    if (k > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
    if (k > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  } else {
    v = f64x2.replace_lane(v, 0, load<f64>(p));
  }
  return v;
}

/** Stores the first k (< lanes) lanes of v at p. */
@inline function storePart<T>(p: usize, v: v128, k: i32): void {
  if (sizeof<T>() == 4) {
    store<f32>(p, f32x4.extract_lane(v, 0));
    if (k > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
    if (k > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
  } else {
    store<f64>(p, f64x2.extract_lane(v, 0));
  }
}

/** The unary op `op` on a vector of T (transcendentals only for f32). */
@inline function unaryVec<T>(op: i32, v: v128): v128 {
  const zero = v128.splat<T>(<T>0);
  switch (op) {
    case NEG: return v128.neg<T>(v);
    case ABS: return v128.abs<T>(v);
    case SQRT: return v128.sqrt<T>(v);
    case SIGN: {
      const minusOne = splat<T>(<T>-1);
      return v128.bitselect(splat<T>(<T>1), v128.bitselect(minusOne, v, v128.lt<T>(v, zero)), v128.gt<T>(v, zero));
    }
    case RELU: return v128.bitselect(v, zero, v128.or(v128.gt<T>(v, zero), v128.ne<T>(v, v)));
    case POSITIVE: return ones<T>(v128.gt<T>(v, zero));
    case IS_FINITE: return ones<T>(v128.lt<T>(v128.abs<T>(v), splat<T>(<T>Infinity)));
    case IS_NAN: return ones<T>(v128.ne<T>(v, v));
  }
  if (sizeof<T>() == 4) {
    switch (op) {
      case EXP: return expF32x4(v);
      case LOG: return logF32x4(v);
      case LOG1P: return log1pF32x4(v);
      case EXPM1: return expm1F32x4(v);
      case TANH: return tanhF32x4(v);
      case SIGMOID: return sigmoidF32x4(v);
      case SOFTPLUS: return softplusF32x4(v);
    }
  }
  return v;
}

/**
 * out[i] = op(x[i]) for i < n, T elements at byte offsets x and out: one loop per exact op (each call below
 * passes a constant op, so after inlining that loop holds one op's code and no branch on op).
 */
@inline function unary<T>(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case NEG: unaryLoop<T>(NEG, x, out, n); break;
    case ABS: unaryLoop<T>(ABS, x, out, n); break;
    case SQRT: unaryLoop<T>(SQRT, x, out, n); break;
    case SIGN: unaryLoop<T>(SIGN, x, out, n); break;
    case RELU: unaryLoop<T>(RELU, x, out, n); break;
    case POSITIVE: unaryLoop<T>(POSITIVE, x, out, n); break;
    case IS_FINITE: unaryLoop<T>(IS_FINITE, x, out, n); break;
    case IS_NAN: unaryLoop<T>(IS_NAN, x, out, n); break;
  }
  // The transcendentals share one loop (measured: as fast as a loop each, whose code is larger).
  if (sizeof<T>() == 4 && op >= EXP) unaryLoop<T>(op, x, out, n);
}

/** The loop of `unary` for one op. */
@inline function unaryLoop<T>(op: i32, x: usize, out: usize, n: i32): void {
  const step = lanes<T>();
  const body = n - n % step;
  const bytes = sizeof<T>();
  let i = 0;
  for (; i < body; i += step) {
    const at = <usize>i * bytes;
    v128.store(out + at, unaryVec<T>(op, v128.load(x + at)));
  }
  if (i < n) {
    const at = <usize>i * bytes;
    storePart<T>(out + at, unaryVec<T>(op, loadPart<T>(x + at, n - i)), n - i);
  }
}

/** out[i] = op(x[i]) for n float32 elements (op: the unary code table above). */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  unary<f32>(op, x, out, n);
}

/** out[i] = op(x[i]) for n float64 elements (exact ops only: codes below EXP). */
export function unaryF64(op: i32, x: usize, out: usize, n: i32): void {
  unary<f64>(op, x, out, n);
}

/**
 * The binary op `op` on vectors of T, with the reference's rules (NaN for maximum/minimum, 0·∞ for mulNoNan);
 * pow for f32 only.
 */
@inline function binaryVec<T>(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return v128.add<T>(a, b);
    case SUB: return v128.sub<T>(a, b);
    case MUL: return v128.mul<T>(a, b);
    case DIV: return v128.div<T>(a, b);
    case MAXIMUM: return v128.bitselect(a, b, v128.or(v128.gt<T>(a, b), v128.ne<T>(a, a)));
    case MINIMUM: return v128.bitselect(a, b, v128.or(v128.lt<T>(a, b), v128.ne<T>(a, a)));
    case MUL_NO_NAN: {
      const zero = v128.splat<T>(<T>0);
      return v128.andnot(v128.mul<T>(a, b), v128.or(v128.eq<T>(a, zero), v128.eq<T>(b, zero)));
    }
    case GREATER: return ones<T>(v128.gt<T>(a, b));
    case GREATER_EQUAL: return ones<T>(v128.ge<T>(a, b));
    case LESS: return ones<T>(v128.lt<T>(a, b));
    case LESS_EQUAL: return ones<T>(v128.le<T>(a, b));
    case EQUAL: return ones<T>(v128.eq<T>(a, b));
    case NOT_EQUAL: return ones<T>(v128.ne<T>(a, b));
  }
  return sizeof<T>() == 4 ? powF32x4(a, b) : a;
}

/**
 * One row of a binary op: out[j] = op(a[j·sa], b[j·sb]) for j < n, steps sa, sb in {0, 1} (0: the operand is
 * broadcast along the row).
 */
@inline function binaryRow<T>(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  const step = lanes<T>();
  const body = n - n % step;
  const bytes = sizeof<T>();
  const va0 = v128.splat<T>(load<T>(a));
  const vb0 = v128.splat<T>(load<T>(b));
  let j = 0;
  if (sa != 0 && sb != 0) {
    for (; j < body; j += step) {
      const at = <usize>j * bytes;
      v128.store(out + at, binaryVec<T>(op, v128.load(a + at), v128.load(b + at)));
    }
  } else if (sa != 0) {
    for (; j < body; j += step) {
      const at = <usize>j * bytes;
      v128.store(out + at, binaryVec<T>(op, v128.load(a + at), vb0));
    }
  } else if (sb != 0) {
    for (; j < body; j += step) {
      const at = <usize>j * bytes;
      v128.store(out + at, binaryVec<T>(op, va0, v128.load(b + at)));
    }
  } else if (body > 0) {
    const v = binaryVec<T>(op, va0, vb0);
    for (; j < body; j += step) v128.store(out + <usize>j * bytes, v);
  }
  if (j < n) {
    const at = <usize>j * bytes;
    const va = sa != 0 ? loadPart<T>(a + at, n - j) : va0;
    const vb = sb != 0 ? loadPart<T>(b + at, n - j) : vb0;
    storePart<T>(out + at, binaryVec<T>(op, va, vb), n - j);
  }
}

/**
 * Rows r0 ≤ r < r1 of a broadcast plan: row r of out (inner elements from element r·inner) is op(a, b) along
 * a from element offA[r] with step sa and b from offB[r] with step sb (offA, offB: int32 arrays).
 */
@inline function binaryRows<T>(
  op: i32, a: usize, b: usize, out: usize, offA: usize, offB: usize, r0: i32, r1: i32, inner: i32, sa: i32, sb: i32,
): void {
  const bytes = <usize>sizeof<T>();
  for (let r = r0; r < r1; r++) {
    const pa = a + <usize>load<i32>(offA + (<usize>r << 2)) * bytes;
    const pb = b + <usize>load<i32>(offB + (<usize>r << 2)) * bytes;
    binaryRow<T>(op, pa, pb, out + <usize>r * <usize>inner * bytes, inner, sa, sb);
  }
}

/** Float32 rows r0 ≤ r < r1 of out = op(a, b) along a broadcast plan (see binaryRows). */
export function binaryF32(
  op: i32, a: usize, b: usize, out: usize, offA: usize, offB: usize, r0: i32, r1: i32, inner: i32, sa: i32, sb: i32,
): void {
  binaryRows<f32>(op, a, b, out, offA, offB, r0, r1, inner, sa, sb);
}

/** Float64 rows r0 ≤ r < r1 of out = op(a, b) along a broadcast plan (see binaryRows). */
export function binaryF64(
  op: i32, a: usize, b: usize, out: usize, offA: usize, offB: usize, r0: i32, r1: i32, inner: i32, sa: i32, sb: i32,
): void {
  binaryRows<f64>(op, a, b, out, offA, offB, r0, r1, inner, sa, sb);
}

/** Contiguous float32 out[i] = op(a[i·sa], b[i·sb]) for i < n (one row; sa, sb in {0, 1}). */
export function binaryFlatF32(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  binaryRow<f32>(op, a, b, out, n, sa, sb);
}

/** Contiguous float64 out[i] = op(a[i·sa], b[i·sb]) for i < n (one row; sa, sb in {0, 1}). */
export function binaryFlatF64(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  binaryRow<f64>(op, a, b, out, n, sa, sb);
}

/** The vector of T at p when the operand steps along the row (s ≠ 0), else the broadcast vector v0. */
@inline function operand<T>(p: usize, s: i32, v0: v128): v128 {
  return s != 0 ? v128.load(p) : v0;
}

/** The first k lanes at p when the operand steps along the row (s ≠ 0), else the broadcast vector v0. */
@inline function operandPart<T>(p: usize, s: i32, v0: v128, k: i32): v128 {
  return s != 0 ? loadPart<T>(p, k) : v0;
}

/**
 * Rows r0 ≤ r < r1 of out = where(c ≠ 0, a, b): row r of out (inner elements) takes a where c is non-zero
 * (NaN included) and b elsewhere; c, a, b start at elements offC[r], offA[r], offB[r] (int32 arrays) and step
 * sc, sa, sb in {0, 1} along the row. c has the dtype of a, b and out.
 */
@inline function whereRows<T>(
  c: usize, a: usize, b: usize, out: usize, offC: usize, offA: usize, offB: usize,
  r0: i32, r1: i32, inner: i32, sc: i32, sa: i32, sb: i32,
): void {
  const bytes = <usize>sizeof<T>();
  const step = lanes<T>();
  const body = inner - inner % step;
  const zero = v128.splat<T>(<T>0);
  for (let r = r0; r < r1; r++) {
    const pc = c + <usize>load<i32>(offC + (<usize>r << 2)) * bytes;
    const pa = a + <usize>load<i32>(offA + (<usize>r << 2)) * bytes;
    const pb = b + <usize>load<i32>(offB + (<usize>r << 2)) * bytes;
    const po = out + <usize>r * <usize>inner * bytes;
    const vc0 = v128.splat<T>(load<T>(pc));
    const va0 = v128.splat<T>(load<T>(pa));
    const vb0 = v128.splat<T>(load<T>(pb));
    let j = 0;
    for (; j < body; j += step) {
      const at = <usize>j * bytes;
      const mask = v128.ne<T>(operand<T>(pc + at, sc, vc0), zero);
      v128.store(po + at, v128.bitselect(operand<T>(pa + at, sa, va0), operand<T>(pb + at, sb, vb0), mask));
    }
    if (j < inner) {
      const at = <usize>j * bytes;
      const k = inner - j;
      const mask = v128.ne<T>(operandPart<T>(pc + at, sc, vc0, k), zero);
      const va = operandPart<T>(pa + at, sa, va0, k);
      storePart<T>(po + at, v128.bitselect(va, operandPart<T>(pb + at, sb, vb0, k), mask), k);
    }
  }
}

/** Float32 rows r0 ≤ r < r1 of out = where(c ≠ 0, a, b) (see whereRows). */
export function whereF32(
  c: usize, a: usize, b: usize, out: usize, offC: usize, offA: usize, offB: usize,
  r0: i32, r1: i32, inner: i32, sc: i32, sa: i32, sb: i32,
): void {
  whereRows<f32>(c, a, b, out, offC, offA, offB, r0, r1, inner, sc, sa, sb);
}

/** Float64 rows r0 ≤ r < r1 of out = where(c ≠ 0, a, b) (see whereRows). */
export function whereF64(
  c: usize, a: usize, b: usize, out: usize, offC: usize, offA: usize, offB: usize,
  r0: i32, r1: i32, inner: i32, sc: i32, sa: i32, sb: i32,
): void {
  whereRows<f64>(c, a, b, out, offC, offA, offB, r0, r1, inner, sc, sa, sb);
}

/** Row i of an outer-product block: out's row at po = s · b's row at pb (n elements, `body` of them in vectors). */
@inline function outerRow<T>(po: usize, pb: usize, s: v128, n: i32, body: i32): void {
  const bytes = <usize>sizeof<T>();
  let j = 0;
  for (; j < body; j += lanes<T>()) {
    const at = <usize>j * bytes;
    v128.store(po + at, v128.mul<T>(s, v128.load(pb + at)));
  }
  if (j < n) {
    const at = <usize>j * bytes;
    storePart<T>(po + at, v128.mul<T>(s, loadPart<T>(pb + at, n - j)), n - j);
  }
}

/**
 * The batched outer product out[e, i, j] = a[e·m + i] · b[e·n + j] for e < batches, i < m, j < n (out row by
 * row, rows of n): a's element splatted times b's row e, one IEEE multiplication per element (the bits of the
 * binary MUL kernel on a [batches, m, 1] and b [batches, 1, n]), with no broadcast plan and no op dispatch. Four
 * rows of out share each vector of b's row (one load for four products and stores); the rows past a multiple of
 * four and the columns past a multiple of the lanes are done one at a time.
 */
@inline function outerRows<T>(a: usize, b: usize, out: usize, batches: i32, m: i32, n: i32): void {
  const bytes = <usize>sizeof<T>();
  const body = n - n % lanes<T>();
  const rowBytes = <usize>n * bytes;
  let po = out;
  let pa = a;
  let pb = b;
  for (let e = 0; e < batches; e++) {
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const s0 = v128.splat<T>(load<T>(pa));
      const s1 = v128.splat<T>(load<T>(pa + bytes));
      const s2 = v128.splat<T>(load<T>(pa + 2 * bytes));
      const s3 = v128.splat<T>(load<T>(pa + 3 * bytes));
      const p1 = po + rowBytes;
      const p2 = p1 + rowBytes;
      const p3 = p2 + rowBytes;
      let j = 0;
      for (; j < body; j += lanes<T>()) {
        const at = <usize>j * bytes;
        const v = v128.load(pb + at);
        v128.store(po + at, v128.mul<T>(s0, v));
        v128.store(p1 + at, v128.mul<T>(s1, v));
        v128.store(p2 + at, v128.mul<T>(s2, v));
        v128.store(p3 + at, v128.mul<T>(s3, v));
      }
      if (j < n) {
        const at = <usize>j * bytes;
        const v = loadPart<T>(pb + at, n - j);
        storePart<T>(po + at, v128.mul<T>(s0, v), n - j);
        storePart<T>(p1 + at, v128.mul<T>(s1, v), n - j);
        storePart<T>(p2 + at, v128.mul<T>(s2, v), n - j);
        storePart<T>(p3 + at, v128.mul<T>(s3, v), n - j);
      }
      pa += 4 * bytes;
      po += 4 * rowBytes;
    }
    for (; i < m; i++) {
      outerRow<T>(po, pb, v128.splat<T>(load<T>(pa)), n, body);
      pa += bytes;
      po += rowBytes;
    }
    pb += rowBytes;
  }
}

/** Float32 batched outer product out[e, i, j] = a[e·m + i] · b[e·n + j] (see outerRows). */
export function outerF32(a: usize, b: usize, out: usize, batches: i32, m: i32, n: i32): void {
  outerRows<f32>(a, b, out, batches, m, n);
}

/** Float64 batched outer product out[e, i, j] = a[e·m + i] · b[e·n + j] (see outerRows). */
export function outerF64(a: usize, b: usize, out: usize, batches: i32, m: i32, n: i32): void {
  outerRows<f64>(a, b, out, batches, m, n);
}
