/**
 * The WebAssembly matrix product against the JavaScript reference kernel (core/kernels/matmul.ts), bit for bit:
 * float64 (and a float32 operand widened into a float64 product), float32 summed in float32; random shapes
 * from 1 up across the register block (4×8), the cache blocks (KC = 256, MC = 32/16 rows) and the thread
 * threshold; both transposes; offsets; accumulation into a non-zero out; the same bits on one thread and two
 * (rows split, and columns split); signed zeros, infinities and NaN; and the whole op (batched, broadcast)
 * against the 'js' backend. Every float32 step separate here (the module's separate kernels, also in the relaxed
 * build); matmul-fused.test.ts tests the fused ones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { TypedArray } from '../../src/core/dtype.ts';
import { computeInfo, configureCompute } from '../../src/wasm/config.ts';
import { matmulKernel } from '../../src/core/kernels/matmul.ts';
import { wasmMatmul } from '../../src/wasm/matmul.ts';
import {
  agrees,
  caseOf,
  firstDifference,
  oneAndTwoThreadsAgree,
  specialValuesAgree,
  thinAndWideAgree,
  values,
} from './matmul-cases.ts';
import { untilActive } from './threads.ts';

const before = computeInfo();

describe('WebAssembly matmul on one thread', () => {
  beforeAll(() => {
    configureCompute({ backend: 'wasm', threads: 1 });
  });
  afterAll(() => {
    configureCompute({ backend: before.backend, threads: before.threads });
  });

  for (const kind of ['f64', 'f32', 'f32·f64'] as const) {
    it(`${kind}: the bits of the JS reference on small and odd shapes`, () => {
      fc.assert(
        fc.property(caseOf({ min: 1, max: 40 }, 70), (c) => void agrees(c, kind)),
        { numRuns: 80 },
      );
    });

    it(`${kind}: the bits of the JS reference across the cache blocks`, () => {
      fc.assert(
        fc.property(caseOf({ min: 1, max: 140 }, 600), (c) => void agrees(c, kind)),
        { numRuns: 15 },
      );
    });
  }

  it('takes thin and wide products: 1-3 rows (the kernel without packing), a column, k = 1, n across NC', () => {
    for (const kind of ['f64', 'f32'] as const) thinAndWideAgree(kind, false);
  });
});

describe('WebAssembly matmul on special values', () => {
  beforeAll(() => {
    configureCompute({ backend: 'wasm', threads: 1 });
  });
  afterAll(() => {
    configureCompute({ backend: before.backend, threads: before.threads });
  });

  it('signed zeros keep their bits; infinities and NaN land where the reference puts them', () => {
    for (const kind of ['f64', 'f32'] as const) specialValuesAgree(kind, false);
  });
});

describe('WebAssembly matmul on two threads', () => {
  beforeAll(async () => {
    configureCompute({ backend: 'wasm', threads: 2 });
    await untilActive(2);
  });
  afterAll(() => {
    configureCompute({ backend: before.backend, threads: before.threads });
  });

  it('the same bits as one thread and as the JS reference, rows or columns shared', () => {
    for (const kind of ['f64', 'f32'] as const) oneAndTwoThreadsAgree(kind, false);
  });

  it('overwrite: a product shared by rows ignores what out held (each share copied in and out on its own)', () => {
    const [m, k, n] = [203, 300, 77]; // rows shared (m ≥ n), m not a multiple of the register block
    for (const ta of [false, true]) {
      const a = Float32Array.from(values(m * k, 7));
      const b = Float32Array.from(values(k * n, 8));
      const ref = new Float32Array(m * n);
      matmulKernel(a, 0, b, 0, ref, 0, m, k, n, ta, false);
      const out = Float32Array.from({ length: m * n }, (_, i) => (i % 3 === 0 ? NaN : 1e30));
      expect(wasmMatmul(a, 0, b, 0, out, 0, m, k, n, ta, false, true)).toBe(true);
      expect(firstDifference(out, ref)).toBe(-1);
    }
  });
});

describe('matmul through the op: wasm and js backends agree', () => {
  afterAll(() => {
    configureCompute({ backend: before.backend, threads: before.threads });
  });

  it('batched and broadcast products, float64 and float32, with transposes in the gradient', () => {
    const run = (dtype: 'float32' | 'float64'): readonly TypedArray[] => {
      const a = g.tensor(Array.from(values(3 * 40 * 50, 1)), { shape: [3, 40, 50], dtype });
      const b = g.tensor(Array.from(values(50 * 45, 2)), { shape: [1, 50, 45], dtype });
      const [y, pullback] = g.vjp((p: { a: g.Tensor; b: g.Tensor }) => g.matmul(p.a, p.b), { a, b });
      const ct = pullback(g.tensor(Array.from(values(3 * 40 * 45, 3)), { shape: [3, 40, 45], dtype }));
      return [y.data, ct.a.data, ct.b.data];
    };
    for (const dtype of ['float64', 'float32'] as const) {
      configureCompute({ backend: 'js' });
      const js = run(dtype);
      configureCompute({ backend: 'wasm', fusedMultiplyAdd: false });
      const wasm = run(dtype);
      configureCompute({ fusedMultiplyAdd: true });
      js.forEach((x, i) => expect(firstDifference(wasm[i]!, x)).toBe(-1));
    }
  });
});
