/**
 * The random-program generator the jit and vmap property tests share: a program is a list of steps, each an op
 * (elementwise binary ops, a comparison under `where`, unary chains, a sum) applied to two earlier values of a
 * pool that starts [x, y, n].
 */
import { type Tensor, abs, add, div, exp, greater, maximum, minimum, mul, neg, sqrt, sub, sum, tanh, where } from '../src/index.ts';

/** One step of a random program: an op and the positions of its operands in the pool of values so far. */
export interface Step {
  readonly op: number;
  readonly a: number;
  readonly b: number;
}

/** A value of the pool: a tensor or a number. */
export type Value = Tensor | number;

const binaryOps: readonly ((a: Value, b: Value) => Tensor)[] = [add, sub, mul, div, maximum, minimum, (a, b) => where(greater(a, b), a, b)];
const unaryOps: readonly ((a: Value) => Tensor)[] = [tanh, neg, (a) => sqrt(abs(a)), (a) => exp(tanh(a)), (a) => sum(a)];

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
