/**
 * The random-program generator the jit and vmap property tests share: a program is a list of steps, each an op
 * (elementwise binary ops, a comparison under `where`, unary chains, a sum) applied to two earlier values of a
 * pool that starts [x, y, n].
 */
import fc from 'fast-check';
import {
  type Tensor,
  abs,
  add,
  div,
  exp,
  greater,
  maximum,
  minimum,
  mul,
  neg,
  sqrt,
  sub,
  sum,
  tanh,
  where,
} from '../src/index.ts';

/** One step of a random program: an op and the positions of its operands in the pool of values so far. */
export interface Step {
  readonly op: number;
  readonly a: number;
  readonly b: number;
}

/** A value of the pool: a tensor or a number. */
export type Value = Tensor | number;

const floatDtype = fc.constantFrom<'float32' | 'float64'>('float32', 'float64');

/**
 * The arbitraries of a random program and its operands, for `fc.record`: 1 to 12 steps, x's shape, whether y is
 * rank 0 (else x's shape), and x's and y's dtypes.
 */
export const programFields = {
  steps: fc.array(fc.record({ op: fc.nat(20), a: fc.nat(30), b: fc.nat(30) }), { minLength: 1, maxLength: 12 }),
  shape: fc.constantFrom<readonly number[]>([], [3], [2, 3]),
  yRank0: fc.boolean(),
  dx: floatDtype,
  dy: floatDtype,
};

const binaryOps: readonly ((a: Value, b: Value) => Tensor)[] = [
  add,
  sub,
  mul,
  div,
  maximum,
  minimum,
  (a, b) => where(greater(a, b), a, b),
];
const unaryOps: readonly ((a: Value) => Tensor)[] = [
  tanh,
  neg,
  (a) => sqrt(abs(a)),
  (a) => exp(tanh(a)),
  (a) => sum(a),
];

/** Runs a program over the pool [x, y, n]: each step appends op(pool[a], pool[b]); returns the last three values. */
export const runProgram = (steps: readonly Step[], x: Tensor, y: Tensor, n: Value): Value[] => {
  const pool: Value[] = [x, y, n];
  for (const { op, a, b } of steps) {
    const u = pool[a % pool.length] ?? 0;
    const v = pool[b % pool.length] ?? 0;
    const binary = binaryOps[op % (binaryOps.length + unaryOps.length)];
    const unary = unaryOps[(op % (binaryOps.length + unaryOps.length)) - binaryOps.length];
    pool.push(binary !== undefined ? binary(u, v) : unary !== undefined ? unary(u) : u);
  }
  return pool.slice(-3);
};
