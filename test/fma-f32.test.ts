/**
 * fmaF32 (core/kernels/fma-f32.ts) against an exact reference in BigInt arithmetic: each float32 is an integer
 * times a power of two, a·b + c is summed exactly as an integer multiple of 2⁻²⁹⁸ (the smallest product's unit),
 * and rounded once to float32 (ties to even, subnormals, overflow to ∞). Random float32 triples, adversarial ones
 * (c ≈ −a·b, products whose sum lands on or next to a float32 midpoint, huge and tiny exponents, ±0, ±∞, NaN) and
 * hand-worked cases. And the JavaScript matmul kernel's fused float32 mode against products summed step by step
 * with the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmaF32 } from '../src/core/kernels/fma-f32.ts';
import { matmulKernel } from '../src/core/kernels/matmul.ts';

/** The exponent of the unit every exact a·b + c is an integer multiple of: 2⁻¹⁴⁹ · 2⁻¹⁴⁹. */
const unitExponent = -298;

/** A finite float32 x as [m, e] with x = m·2^e exactly, m an integer (sign included), e ≥ −149. */
const decompose = (x: number): readonly [bigint, number] => {
  const bits = new Uint32Array(Float32Array.of(x).buffer)[0] ?? 0;
  const biased = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  const m = BigInt(biased === 0 ? fraction : fraction | 0x800000);
  const e = (biased === 0 ? 1 : biased) - 150;
  return [bits >>> 31 === 1 ? -m : m, e];
};

/** n·2^unitExponent rounded once to float32 (ties to even); n ≠ 0. */
const roundToF32 = (n: bigint): number => {
  const negative = n < 0n;
  const mag = negative ? -n : n;
  const top = mag.toString(2).length - 1 + unitExponent;
  // The float32 quantum at this magnitude: 2^(top − 23), but never below the subnormals' 2⁻¹⁴⁹.
  const quantum = Math.max(top - 23, -149);
  const shift = BigInt(quantum - unitExponent);
  let q = mag >> shift;
  const rest = mag - (q << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  // q ≤ 2²⁴, so q·2^quantum is exact in doubles; ≥ 2¹²⁸ (after rounding) is an overflow.
  const value = Number(q) * 2 ** quantum;
  const rounded = value >= 2 ** 128 ? Infinity : value;
  return negative ? -rounded : rounded;
};

/** The exact reference: IEEE 754 fusedMultiplyAdd on float32 values. */
const exactFma = (a: number, b: number, c: number): number => {
  if (![a, b, c].every(Number.isFinite)) return Math.fround(a * b + c);
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const n = ma * mb * 2n ** BigInt(ea + eb - unitExponent) + mc * 2n ** BigInt(ec - unitExponent);
  if (n !== 0n) return roundToF32(n);
  // An exact zero: −0 only when both the product and c are −0 (or both zero with negative signs).
  const productNegative = Object.is(a * b, -0) || (a * b === 0 && Math.sign(a) * Math.sign(b) < 0);
  return productNegative && Object.is(c, -0) ? -0 : 0;
};

/** Same value, −0 ≠ +0, NaN = NaN. */
const same = (x: number, y: number): boolean => Object.is(x, y);

const float32 = fc.float({ noDefaultInfinity: false });
const finite32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const smallInt = fc.integer({ min: 1, max: (1 << 24) - 1 });
const f = Math.fround;

describe('fmaF32: the float32 nearest a·b + c, rounded once', () => {
  it('the hand case: (1 + 2⁻¹²)² − (1 + 2⁻¹¹) = 2⁻²⁴ (two roundings give 0)', () => {
    const x = 1 + 2 ** -12;
    expect(fmaF32(x, x, -(1 + 2 ** -11))).toBe(2 ** -24);
    expect(f(f(x * x) - (1 + 2 ** -11))).toBe(0);
    expect(exactFma(x, x, -(1 + 2 ** -11))).toBe(2 ** -24);
  });

  it('hand cases at midpoints: the exact sum just past a tie, and the overflow threshold', () => {
    const ulp = 2 ** -23;
    // 1 + ulp/2 is a tie (to 1, even); a product of 2⁻⁶⁰ past it rounds up, 2⁻⁶⁰ short of it down.
    expect(fmaF32(2 ** -30, 2 ** -30, 1 + ulp / 2)).toBe(1 + ulp);
    expect(fmaF32(-(2 ** -30), 2 ** -30, 1 + ulp / 2)).toBe(1);
    // FLT_MAX + ½ulp rounds to ∞; a hair below it, to FLT_MAX.
    const max = f(3.4028234663852886e38);
    const halfUlp = 2 ** 103;
    expect(fmaF32(2 ** 51, 2 ** 52, max)).toBe(Infinity); // + 2¹⁰³ exactly: the tie, to ∞
    expect(fmaF32(f(2 ** 52 - 2 ** 28), 2 ** 51, max)).toBe(max); // + (2¹⁰³ − 2⁷⁹)
    expect(exactFma(f(2 ** 52 - 2 ** 28), 2 ** 51, max)).toBe(max);
    expect(fmaF32(-max, 1, -halfUlp)).toBe(-Infinity);
  });

  it('signed zeros, infinities and NaN as IEEE 754', () => {
    expect(Object.is(fmaF32(-0, 1, -0), -0)).toBe(true);
    expect(Object.is(fmaF32(-0, 1, 0), 0)).toBe(true);
    expect(Object.is(fmaF32(2, 3, -6), 0)).toBe(true);
    expect(Object.is(fmaF32(-(2 ** -100), 2 ** -100, 0), -0)).toBe(true); // −2⁻²⁰⁰ rounds to −0
    expect(fmaF32(Infinity, 0, 1)).toBeNaN();
    expect(fmaF32(Infinity, 1, -Infinity)).toBeNaN();
    expect(fmaF32(Infinity, -2, 1)).toBe(-Infinity);
    expect(fmaF32(1, 2, -Infinity)).toBe(-Infinity);
    expect(fmaF32(NaN, 0, 1)).toBeNaN();
  });

  it('equals the exact BigInt reference on random float32 triples', () => {
    fc.assert(
      fc.property(float32, float32, float32, (a, b, c) => same(fmaF32(a, b, c), exactFma(a, b, c))),
      { numRuns: 20000 },
    );
  });

  it('equals the reference when c nearly cancels a·b (c = −fround(a·b), and its neighbours)', () => {
    fc.assert(
      fc.property(finite32, finite32, fc.integer({ min: -3, max: 3 }), (a, b, step) => {
        const c = nudge(-f(a * b), step);
        return !Number.isFinite(c) || same(fmaF32(a, b, c), exactFma(a, b, c));
      }),
      { numRuns: 20000 },
    );
  });

  it('equals the reference on products and addends whose bits overlap, at every exponent', () => {
    // a·b with up to 48 significant bits, c a float32 within ±25 binades of it: sums that round in float32, at
    // huge, ordinary, tiny and subnormal magnitudes.
    fc.assert(
      fc.property(
        smallInt,
        smallInt,
        smallInt,
        fc.integer({ min: -170, max: 100 }),
        fc.integer({ min: -25, max: 25 }),
        fc.integer({ min: -2, max: 2 }),
        fc.boolean(),
        (ma, mb, mc, scale, offset, tweak, negative) => {
          const a = f(nudge(ma * 2 ** Math.trunc(scale / 2), tweak));
          const b = f(mb * 2 ** (scale - Math.trunc(scale / 2) - 24));
          const c = f((negative ? -mc : mc) * 2 ** (scale + offset));
          const ok = [a, b, c].every(Number.isFinite);
          return !ok || same(fmaF32(a, b, c), exactFma(a, b, c));
        },
      ),
      { numRuns: 30000 },
    );
  });

  it('equals the reference where rounding to float64 first lands on a float32 tie (the double-rounding trap)', () => {
    // a·b = 2^x·(1 − i²·2⁻⁴⁶): a tail far below float64's precision at c, whose ulp is 2·2^x. a·b + c rounds in
    // float64 to c ± 2^x, the midpoint between c and its neighbour; the exact sum is just inside it.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1 << 23, max: (1 << 24) - 1 }),
        fc.integer({ min: -120, max: 100 }),
        fc.boolean(),
        fc.boolean(),
        (i, mc, x, negativeProduct, negativeC) => {
          const a = (1 + i * 2 ** -23) * 2 ** Math.trunc(x / 2) * (negativeProduct ? -1 : 1);
          const b = (1 - i * 2 ** -23) * 2 ** (x - Math.trunc(x / 2));
          const c = mc * 2 ** (x + 1) * (negativeC ? -1 : 1);
          return same(fmaF32(a, b, c), exactFma(a, b, c)) && f(a) === a && f(b) === b && f(c) === c;
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('equals the reference on the subnormal range and at the overflow threshold', () => {
    const tiny = fc.integer({ min: -(1 << 23), max: 1 << 23 }).map((m) => m * 2 ** -149);
    fc.assert(
      fc.property(tiny, fc.float({ min: -4, max: 4, noNaN: true }), tiny, (a, b, c) =>
        same(fmaF32(f(a), b, f(c)), exactFma(f(a), b, f(c))),
      ),
      { numRuns: 10000 },
    );
    const max = f(3.4028234663852886e38);
    fc.assert(
      fc.property(smallInt, fc.integer({ min: 70, max: 110 }), fc.integer({ min: -2, max: 2 }), (m, e, step) => {
        const a = f(m * 2 ** (e - 24));
        const b = nudge(f(2 ** (103 - e + 24) / m), step);
        return [max, -max, nudge(max, -1)].every((c) => same(fmaF32(a, b, c), exactFma(a, b, c)));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('matmulKernel with fused float32 steps', () => {
  it('each element is out + Σ_p a·b with every step rounded once (the BigInt fma), p increasing', () => {
    const shape = fc.record({
      m: fc.integer({ min: 1, max: 40 }),
      k: fc.integer({ min: 1, max: 40 }),
      n: fc.integer({ min: 1, max: 40 }),
      ta: fc.boolean(),
      tb: fc.boolean(),
    });
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 1e6 }), ({ m, k, n, ta, tb }, seed) => {
        const random = (len: number, s: number): Float32Array =>
          Float32Array.from({ length: len }, (_, i) => Math.sin(s + i * 12.9898) * 2 ** ((i * 7 + s) % 9));
        const [a, b, out] = [random(m * k, seed), random(k * n, seed + 1), random(m * n, seed + 2)];
        const want = out.slice();
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let acc = want[i * n + j] ?? NaN;
            for (let p = 0; p < k; p++)
              acc = exactFma(a[ta ? p * m + i : i * k + p]!, b[tb ? j * k + p : p * n + j]!, acc);
            want[i * n + j] = acc;
          }
        }
        matmulKernel(a, 0, b, 0, out, 0, m, k, n, ta, tb, true);
        return out.every((v, i) => Object.is(v, want[i]));
      }),
      { numRuns: 60 },
    );
  });
});

/** The float32 `steps` representable values away from x (x itself for 0 steps). */
function nudge(x: number, steps: number): number {
  const bits = new Int32Array(Float32Array.of(x).buffer);
  bits[0] = (bits[0] ?? 0) + (x < 0 ? -steps : steps);
  return new Float32Array(bits.buffer)[0] ?? NaN;
}
