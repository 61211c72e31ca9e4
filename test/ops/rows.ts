/**
 * The rows each op's test file keeps, keyed by op name: test/ops/<file>.cases.ts holds the rows of the public
 * ops src/ops/<file>.ts exports, test/ops/<file>.test.ts runs them, and test/ops/completeness.test.ts enumerates
 * them. The types make a missing row a compile error; the completeness test makes it a test failure too.
 */
import { describe, expect, it } from 'vitest';
import type * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { jit } from '../../src/jit/index.ts';
import { bits, randomTensor } from '../vmap/reference.ts';

/** The functions a module exports under a name src/index.ts exports too: its public ops. */
export type PublicOps<M> = {
  [K in keyof M]: K extends keyof typeof g ? (M[K] extends (...args: never[]) => unknown ? K : never) : never;
}[keyof M];

/**
 * A gradient row: a property test of the op's derivatives of orders 1 and 2 against finite differences (or,
 * for an op with no derivative, that its gradient is exactly zero). Throws on a failure.
 */
export type GradRow = () => void;

/** A jit row: a function of the op and the shapes of its tensor arguments; jit(f) must give f's bits. */
export interface JitRow {
  readonly shapes: readonly (readonly number[])[];
  readonly f: (...xs: Tensor[]) => Tensor;
}

/** Every public op of the module M with a gradient row and a jit row. */
export interface OpRows<M> {
  readonly grad: { readonly [K in PublicOps<M>]: GradRow };
  readonly jit: { readonly [K in PublicOps<M>]: JitRow };
}

/** A jit row of a one-tensor function, on an argument of `shape` ([2, 3] by default). */
export const unaryRow = (f: (x: Tensor) => Tensor, shape: readonly number[] = [2, 3]): JitRow => ({
  shapes: [shape],
  f,
});

/** A jit row of a two-tensor function, on arguments of shapes a and b ([2, 3] and [3] by default: broadcasting). */
export const binaryRow = (
  f: (x: Tensor, y: Tensor) => Tensor,
  a: readonly number[] = [2, 3],
  b: readonly number[] = [3],
): JitRow => ({ shapes: [a, b], f });

/** Registers the rows as tests: each gradient row, and each jit row in float64 and float32 against eager bits. */
export const describeRows = <M>(file: string, rows: OpRows<M>): void => {
  describe(`${file}: gradients of order 1 and 2 against finite differences`, () => {
    for (const [name, row] of Object.entries<GradRow>(rows.grad)) it(name, row);
  });
  describe(`${file}: jit gives the eager bits`, () => {
    for (const [name, row] of Object.entries<JitRow>(rows.jit)) {
      it(name, () => {
        for (const dtype of ['float64', 'float32'] as const) {
          const args = row.shapes.map((s, i) => randomTensor(17 + i, s, dtype));
          expect(bits(jit(row.f)(...args))).toEqual(bits(row.f(...args)));
        }
      });
    }
  });
};
