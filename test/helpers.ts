/** Shared helpers of the test suite. */
import fc from 'fast-check';
import { type Accepts, type Tensor, checkGrads, isTensor, toArray } from '../src/index.ts';

/** Property-test runs per op (each run checks orders 1 and 2, forward and reverse). */
export const RUNS = 12;

/** Checks first and second derivatives of f at the inputs against finite differences. */
export const checkBothOrders = <T, P extends Accepts<T>>(f: (x: T) => Tensor, inputs: P): void => {
  checkGrads(f, inputs, { order: 2 });
};

/** Runs a property with the suite's settings. */
export const property = <A>(arb: fc.Arbitrary<A>, body: (a: A) => void, runs = RUNS): void => {
  fc.assert(fc.property(arb, body), { numRuns: runs });
};

/** Elements as strings: bits for every number (−0 kept), any NaN as 'NaN' (payloads are not compared). */
export const show = (d: ArrayLike<number>): string[] => Array.from(d, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** A result tree's leaves as [kind, dtype, shape, elements] rows, so two results compare bit for bit. */
export const bits = (value: unknown): unknown => {
  if (typeof value === 'number') return ['number', show([value])];
  if (Array.isArray(value)) return value.map(bits);
  if (isTensor(value)) return ['tensor', value.dtype, [...value.shape], show(value.data)];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bits(v)]));
  return value;
};

/** The nested-array form of a tensor, for deep equality. */
export const arr = (t: Tensor | number): unknown => toArray(t);

/** Every element of `actual` within `tol` of the expected numbers (flat, row-major). */
export const closeTo = (actual: Tensor, expected: readonly number[], tol = 1e-12): boolean =>
  actual.data.length === expected.length && expected.every((e, i) => Math.abs((actual.data[i] ?? NaN) - e) <= tol);
