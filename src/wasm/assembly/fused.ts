/**
 * The fused elementwise kernels: a small program of elementwise instructions (a jitted chain of ops over
 * tensors of one shape and dtype) run over the data in blocks, so each intermediate value lives in a block of
 * scratch that stays in cache, and only the values that leave the chain are written out: one pass instead of
 * one pass, one copy and one allocation per op.
 *
 * Program: `count` instructions of five i32 each: opcode, destination register, operand registers a, b, c
 * (unused ones repeat a). Opcodes (the JavaScript side's table, src/wasm/fused.ts, names them):
 * add 1, sub 2, mul 3, div 4, maximum 5, minimum 6, mulNoNan 7, greater 8, greaterEqual 9, less 10, lessEqual
 * 11, equal 12, notEqual 13, neg 20, abs 21, sqrt 22, sign 23, relu 24, positive 25, isFinite 26, isNaN 27,
 * where 30; float32 only: exp 40, log 41, log1p 42, expm1 43, tanh 44, sigmoid 45, softplus 46.
 * Each op computes what the JavaScript reference kernel of that name computes (core/kernels/*.ts): IEEE
 * arithmetic in the dtype (float32's single-precision ops equal the reference's double op rounded on store),
 * maximum/minimum with the reference's NaN rule (x > y || x ≠ x ? x : y), comparisons as 1 or 0, and
 * where(c, x, y) = c ≠ 0 ? x : y. The float32 transcendentals are math-f32.ts's lane functions, the ones the
 * elementwise kernels (elementwise.ts) use, so a fused exp gives the unfused exp's bits (within 1 ulp of the
 * correctly rounded result). float64 transcendentals are not fused: they stay in JavaScript (Math.*).
 */
import { expF32x4, logF32x4, log1pF32x4, expm1F32x4, tanhF32x4, sigmoidF32x4, softplusF32x4 } from './math-f32';

/** The address of register r's operand for the block starting `shift` bytes into each stream. */
@inline
function operand(regs: usize, r: i32, shift: usize): usize {
  const at = regs + (<usize>r << 3);
  const base = <usize>load<u32>(at);
  return load<i32>(at, 4) === 1 ? base + shift : base;
}

/** How far register r's address moves per vector: 0 for a splat, 16 bytes otherwise. */
@inline
function stride(regs: usize, r: i32): usize {
  return load<i32>(regs + (<usize>r << 3), 4) === 2 ? 0 : 16;
}

/** One instruction of a float32 program over `bytes` bytes of each operand (see the module's note). */
function step32(op: i32, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, bytes: usize): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const minusOne = f32x4.splat(-1);
  const inf = f32x4.splat(Infinity);
  switch (op) {
    case 1: { // add
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f32x4.add(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 2: { // sub
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f32x4.sub(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 3: { // mul
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f32x4.mul(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 4: { // div
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f32x4.div(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 5: { // maximum
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x))));
        a += sa; b += sb;
      }
      break;
    }
    case 6: { // minimum
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x))));
        a += sa; b += sb;
      }
      break;
    }
    case 7: { // mulNoNan
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(zero, f32x4.mul(x, y), v128.or(f32x4.eq(x, zero), f32x4.eq(y, zero))));
        a += sa; b += sb;
      }
      break;
    }
    case 8: { // greater
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.gt(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 9: { // greaterEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.ge(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 10: { // less
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.lt(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 11: { // lessEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.le(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 12: { // equal
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.eq(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 13: { // notEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f32x4.ne(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 20: { // neg
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f32x4.neg(x));
        a += sa;
      }
      break;
    }
    case 21: { // abs
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f32x4.abs(x));
        a += sa;
      }
      break;
    }
    case 22: { // sqrt
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f32x4.sqrt(x));
        a += sa;
      }
      break;
    }
    case 23: { // sign
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.bitselect(one, v128.bitselect(minusOne, x, f32x4.lt(x, zero)), f32x4.gt(x, zero)));
        a += sa;
      }
      break;
    }
    case 24: { // relu
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(x, v128.or(f32x4.gt(x, zero), f32x4.ne(x, x))));
        a += sa;
      }
      break;
    }
    case 25: { // positive
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f32x4.gt(x, zero), one));
        a += sa;
      }
      break;
    }
    case 26: { // isFinite
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f32x4.lt(f32x4.abs(x), inf), one));
        a += sa;
      }
      break;
    }
    case 27: { // isNaN
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f32x4.ne(x, x), one));
        a += sa;
      }
      break;
    }
    case 30: { // where
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b); const z = v128.load(c);
        v128.store(d + i, v128.bitselect(x, y, f32x4.ne(z, zero)));
        a += sa; b += sb; c += sc;
      }
      break;
    }
    case 40: { // exp
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, expF32x4(x0));
        v128.store(d + i, expF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, expF32x4(v128.load(a)));
      break;
    }
    case 41: { // log
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, logF32x4(x0));
        v128.store(d + i, logF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, logF32x4(v128.load(a)));
      break;
    }
    case 42: { // log1p
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, log1pF32x4(x0));
        v128.store(d + i, log1pF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, log1pF32x4(v128.load(a)));
      break;
    }
    case 43: { // expm1
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, expm1F32x4(x0));
        v128.store(d + i, expm1F32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, expm1F32x4(v128.load(a)));
      break;
    }
    case 44: { // tanh
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, tanhF32x4(x0));
        v128.store(d + i, tanhF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, tanhF32x4(v128.load(a)));
      break;
    }
    case 45: { // sigmoid
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, sigmoidF32x4(x0));
        v128.store(d + i, sigmoidF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, sigmoidF32x4(v128.load(a)));
      break;
    }
    case 46: { // softplus
      let i: usize = 0;
      for (; i + 16 < bytes; i += 32) {
        const x0 = v128.load(a);
        const x1 = v128.load(a + sa);
        v128.store(d + i, softplusF32x4(x0));
        v128.store(d + i, softplusF32x4(x1), 16);
        a += sa << 1;
      }
      if (i < bytes) v128.store(d + i, softplusF32x4(v128.load(a)));
      break;
    }
    default:
      unreachable();
  }
}

/**
 * Runs the float32 program of `count` instructions at `prog` over elements [start, end), `block` elements
 * at a time: for each block, every instruction in order, each a SIMD loop over the block (4 lanes).
 * Register r's operand lives at regs + 8r: a byte address and a kind (0: a block of scratch, 1: a stream,
 * addressed from element `start` of the block, 2: a 4-lane splat of one value, read without stepping).
 * start is a multiple of the block; the last block is run to a whole vector (the arena's 64-byte padding).
 */
export function fused32(prog: usize, count: i32, regs: usize, start: i32, end: i32, block: i32): void {
  for (let s = start; s < end; s += block) {
    const len = min(block, end - s);
    const bytes = <usize>((len + 3) & ~3) << 2;
    const shift = <usize>s << 2;
    for (let k = 0; k < count; k++) {
      const ins = prog + <usize>k * 20;
      const d = operand(regs, load<i32>(ins, 4), shift);
      const ra = load<i32>(ins, 8);
      const rb = load<i32>(ins, 12);
      const rc = load<i32>(ins, 16);
      step32(load<i32>(ins), d, operand(regs, ra, shift), stride(regs, ra), operand(regs, rb, shift), stride(regs, rb),
        operand(regs, rc, shift), stride(regs, rc), bytes);
    }
  }
}

/** One instruction of a float64 program over `bytes` bytes of each operand (see the module's note). */
function step64(op: i32, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, bytes: usize): void {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const minusOne = f64x2.splat(-1);
  const inf = f64x2.splat(Infinity);
  switch (op) {
    case 1: { // add
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f64x2.add(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 2: { // sub
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f64x2.sub(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 3: { // mul
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f64x2.mul(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 4: { // div
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, f64x2.div(x, y));
        a += sa; b += sb;
      }
      break;
    }
    case 5: { // maximum
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f64x2.gt(x, y), f64x2.ne(x, x))));
        a += sa; b += sb;
      }
      break;
    }
    case 6: { // minimum
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f64x2.lt(x, y), f64x2.ne(x, x))));
        a += sa; b += sb;
      }
      break;
    }
    case 7: { // mulNoNan
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.bitselect(zero, f64x2.mul(x, y), v128.or(f64x2.eq(x, zero), f64x2.eq(y, zero))));
        a += sa; b += sb;
      }
      break;
    }
    case 8: { // greater
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.gt(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 9: { // greaterEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.ge(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 10: { // less
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.lt(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 11: { // lessEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.le(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 12: { // equal
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.eq(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 13: { // notEqual
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b);
        v128.store(d + i, v128.and(f64x2.ne(x, y), one));
        a += sa; b += sb;
      }
      break;
    }
    case 20: { // neg
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f64x2.neg(x));
        a += sa;
      }
      break;
    }
    case 21: { // abs
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f64x2.abs(x));
        a += sa;
      }
      break;
    }
    case 22: { // sqrt
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, f64x2.sqrt(x));
        a += sa;
      }
      break;
    }
    case 23: { // sign
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.bitselect(one, v128.bitselect(minusOne, x, f64x2.lt(x, zero)), f64x2.gt(x, zero)));
        a += sa;
      }
      break;
    }
    case 24: { // relu
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(x, v128.or(f64x2.gt(x, zero), f64x2.ne(x, x))));
        a += sa;
      }
      break;
    }
    case 25: { // positive
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f64x2.gt(x, zero), one));
        a += sa;
      }
      break;
    }
    case 26: { // isFinite
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f64x2.lt(f64x2.abs(x), inf), one));
        a += sa;
      }
      break;
    }
    case 27: { // isNaN
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a);
        v128.store(d + i, v128.and(f64x2.ne(x, x), one));
        a += sa;
      }
      break;
    }
    case 30: { // where
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a); const y = v128.load(b); const z = v128.load(c);
        v128.store(d + i, v128.bitselect(x, y, f64x2.ne(z, zero)));
        a += sa; b += sb; c += sc;
      }
      break;
    }
    default:
      unreachable();
  }
}

/**
 * Runs the float64 program of `count` instructions at `prog` over elements [start, end), `block` elements
 * at a time: for each block, every instruction in order, each a SIMD loop over the block (2 lanes).
 * Register r's operand lives at regs + 8r: a byte address and a kind (0: a block of scratch, 1: a stream,
 * addressed from element `start` of the block, 2: a 2-lane splat of one value, read without stepping).
 * start is a multiple of the block; the last block is run to a whole vector (the arena's 64-byte padding).
 */
export function fused64(prog: usize, count: i32, regs: usize, start: i32, end: i32, block: i32): void {
  for (let s = start; s < end; s += block) {
    const len = min(block, end - s);
    const bytes = <usize>((len + 1) & ~1) << 3;
    const shift = <usize>s << 3;
    for (let k = 0; k < count; k++) {
      const ins = prog + <usize>k * 20;
      const d = operand(regs, load<i32>(ins, 4), shift);
      const ra = load<i32>(ins, 8);
      const rb = load<i32>(ins, 12);
      const rc = load<i32>(ins, 16);
      step64(load<i32>(ins), d, operand(regs, ra, shift), stride(regs, ra), operand(regs, rb, shift), stride(regs, rb),
        operand(regs, rc, shift), stride(regs, rc), bytes);
    }
  }
}
