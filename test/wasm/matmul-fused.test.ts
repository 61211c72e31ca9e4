/**
 * Fused float32 matrix products: the relaxed-SIMD build's kernels (each step s = fma(a, b, s), rounded once, by
 * f32x4.relaxed_madd) against the JavaScript reference with each step s = fmaF32(a, b, s), bit for bit, on random
 * shapes (odd sizes, thin rows, transposes, cache blocks), special values, one and two threads; the host's
 * multiply-add against fmaF32; and through the op: the option flips the bits, small products (JavaScript) and
 * large ones (WebAssembly) follow the same rule, as do jit, vmap and batched products; computeInfo reports the mode.
 * The kernel tests need relaxed SIMD with a fused multiply-add (Node ≥ 22, or GRADFOLD_RELAXED_SIMD=1 on Node 20,
 * on a CPU with FMA); the others run everywhere.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import { fmaF32 } from '../../src/core/kernels/fma-f32.ts';
import { matmulKernel } from '../../src/core/kernels/matmul.ts';
import { computeInfo, configureCompute } from '../../src/wasm/config.ts';
import { wasmMatmul } from '../../src/wasm/matmul.ts';
import { hostWebAssembly } from '../../src/wasm/api.ts';
import { wasmBase64, wasmRelaxedBase64 } from '../../src/wasm/binary.generated.ts';
import { moduleImports, relaxedSimd, wasmRuntime } from '../../src/wasm/module.ts';
import { call } from '../untyped.ts';
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

const { available, fuses } = relaxedSimd();
const before = computeInfo();
const restore = (): void => {
  configureCompute({ backend: before.backend, threads: before.threads, fusedMultiplyAdd: true });
};

describe('the relaxed-SIMD build', () => {
  afterAll(restore);

  it('fuses where the host has relaxed SIMD with a fused multiply-add; computeInfo reports the mode in effect', () => {
    expect(fuses && !available).toBe(false);
    expect(configureCompute({ backend: 'wasm' }).fusedMultiplyAdd).toBe(fuses);
    expect(configureCompute({ fusedMultiplyAdd: false }).fusedMultiplyAdd).toBe(false);
    expect(configureCompute({ fusedMultiplyAdd: true, backend: 'js' }).fusedMultiplyAdd).toBe(false);
    expect(configureCompute({ backend: 'wasm' }).fusedMultiplyAdd).toBe(fuses);
  });

  it('the relaxed-SIMD probe agrees with the relaxed module: it is instantiated exactly where it validates', () => {
    const engine = hostWebAssembly();
    if (engine === null) throw new Error('no WebAssembly');
    const [plain, relaxed] = [Buffer.from(wasmBase64, 'base64'), Buffer.from(wasmRelaxedBase64, 'base64')];
    expect([engine.validate(plain), engine.validate(relaxed)]).toEqual([true, available]);
    expect(wasmRuntime()?.relaxedModule !== null).toBe(available);
    // Its exports take the place of the main module's of the same names, and it holds only the float32 products.
    const memory = new engine.Memory({ initial: 32, maximum: 32768, shared: true });
    const exports = available ? new engine.Instance(new engine.Module(relaxed), moduleImports(memory)).exports : {};
    expect(Object.keys(exports).sort()).toEqual(available ? ['matmulF32', 'matmulMaddF32', 'matmulRowsF32'] : []);
  });

  it('configureCompute refuses a fusedMultiplyAdd that is not a boolean, naming it', () => {
    expect(call('configureCompute', { fusedMultiplyAdd: 'yes' })).toThrow(
      /configureCompute.*fusedMultiplyAdd must be true or false, got "yes"/,
    );
    expect(call('configureCompute', { fusedMultiplyAd: true })).toThrow(/fusedMultiplyAdd/);
  });

  it('the float32 step on numbers: fused equals fmaF32 (where the host fuses), separate rounds twice', () => {
    const step = wasmRuntime()?.kernel('matmulMaddF32');
    if (step === undefined) throw new Error('no WebAssembly runtime');
    const f = Math.fround;
    const x = 1 + 2 ** -12;
    expect(step(x, x, -(1 + 2 ** -11), 1)).toBe(fuses ? 2 ** -24 : 0);
    fc.assert(
      fc.property(fc.float(), fc.float(), fc.float(), (a, b, c) => {
        const separate = step(a, b, c, 0);
        const fused = step(a, b, c, 1);
        const want = fuses ? fmaF32(a, b, c) : f(f(a * b) + c);
        return Object.is(separate, f(f(a * b) + c)) && (Object.is(fused, want) || (isNaN(fused) && isNaN(want)));
      }),
      { numRuns: 5000 },
    );
  });

  it.runIf(!fuses)(
    'without a fused multiply-add the Wasm route refuses a fused product (JavaScript computes it)',
    () => {
      const a = Float32Array.from(values(40 * 30, 1));
      const b = Float32Array.from(values(30 * 20, 2));
      expect(wasmMatmul(a, 0, b, 0, new Float32Array(40 * 20), 0, 40, 30, 20, false, false, false, true)).toBe(false);
    },
  );
});

describe.runIf(fuses)('fused WebAssembly matmul on one thread', () => {
  beforeAll(() => {
    configureCompute({ backend: 'wasm', threads: 1 });
  });
  afterAll(restore);

  it('the bits of the fused JS reference on small and odd shapes', () => {
    fc.assert(
      fc.property(caseOf({ min: 1, max: 40 }, 70), (c) => void agrees(c, 'f32', true)),
      { numRuns: 80 },
    );
  });

  it('the bits of the fused JS reference across the cache blocks', () => {
    fc.assert(
      fc.property(caseOf({ min: 1, max: 140 }, 600), (c) => void agrees(c, 'f32', true)),
      { numRuns: 15 },
    );
  });

  it('thin and wide products: 1-3 rows (the kernel without packing, with its scalar tail), k = 1, n across NC', () => {
    thinAndWideAgree('f32', true);
  });

  it('signed zeros, infinities and NaN where the fused reference puts them', () => {
    specialValuesAgree('f32', true);
  });

  it('differs from the separate product (the fused bits are not the separate ones)', () => {
    const c = { m: 37, k: 300, n: 41, ta: false, tb: false, offsets: [0, 0, 0] as const, seed: 5 };
    expect(firstDifference(agrees(c, 'f32', true), agrees(c, 'f32', false))).toBeGreaterThanOrEqual(0);
  });
});

describe.runIf(fuses)('fused WebAssembly matmul on two threads', () => {
  beforeAll(async () => {
    configureCompute({ backend: 'wasm', threads: 2 });
    await untilActive(2);
  });
  afterAll(restore);

  it('the same bits as one thread and as the fused JS reference, rows or columns shared', () => {
    oneAndTwoThreadsAgree('f32', true);
  });
});

/** A float32 tensor of deterministic values. */
const t32 = (shape: readonly number[], seed: number): g.Tensor =>
  g.tensor(
    Array.from(
      values(
        shape.reduce((x, y) => x * y, 1),
        seed,
      ),
    ),
    { shape, dtype: 'float32' },
  );

/** The product block by block through the fused (or separate) JS reference: [...batch, m, k] · [k, n]. */
const reference = (a: g.Tensor, b: g.Tensor, fused: boolean): Float32Array => {
  const [k, n] = [b.shape[0] ?? 0, b.shape[1] ?? 0];
  const m = a.shape[a.shape.length - 2] ?? 0;
  const blocks = a.data.length / (m * k);
  const out = new Float32Array(blocks * m * n);
  for (let i = 0; i < blocks; i++)
    matmulKernel(a.data, i * m * k, b.data, 0, out, i * m * n, m, k, n, false, false, fused);
  return out;
};

describe.runIf(fuses)('fused products through the op', () => {
  afterAll(restore);

  it('the option flips the bits: fused equals the fused reference, separate the js backend', () => {
    const [a, b] = [t32([3, 40, 50], 1), t32([50, 45], 2)];
    configureCompute({ backend: 'wasm', fusedMultiplyAdd: true });
    const fused = g.matmul(a, b).data;
    configureCompute({ fusedMultiplyAdd: false });
    const separate = g.matmul(a, b).data;
    configureCompute({ backend: 'js', fusedMultiplyAdd: true });
    const js = g.matmul(a, b).data;
    expect(firstDifference(fused, reference(a, b, true))).toBe(-1);
    expect(firstDifference(separate, js)).toBe(-1);
    expect(firstDifference(js, reference(a, b, false))).toBe(-1);
    expect(firstDifference(fused, separate)).toBeGreaterThanOrEqual(0);
  });

  it('small products (JavaScript) and large ones (WebAssembly) follow the same rule: rows equal the whole', () => {
    configureCompute({ backend: 'wasm', fusedMultiplyAdd: true });
    // Each 1×30×45 row product (1,350 multiply-adds) runs in JavaScript, the 64×30×45 product in WebAssembly.
    const [a, b] = [t32([64, 30], 3), t32([30, 45], 4)];
    const whole = g.matmul(a, b).data;
    for (let i = 0; i < 64; i++) {
      const row = g.matmul(
        g.tensor(Array.from(a.data.subarray(i * 30, i * 30 + 30)), { shape: [1, 30], dtype: 'float32' }),
        b,
      );
      expect(firstDifference(row.data, whole.subarray(i * 45, i * 45 + 45))).toBe(-1);
    }
  });

  it('jit follows the mode in effect when the program runs; vmap and batched products match the reference', () => {
    configureCompute({ backend: 'wasm', fusedMultiplyAdd: true });
    const [a, b] = [t32([4, 33, 70], 5), t32([70, 29], 6)];
    const f = g.jit((x: g.Tensor, y: g.Tensor) => g.matmul(x, y));
    expect(firstDifference(f(a, b).data, reference(a, b, true))).toBe(-1);
    const mapped = g.vmap((x: g.Tensor) => g.matmul(x, b))(a);
    expect(firstDifference(mapped.data, reference(a, b, true))).toBe(-1);
    configureCompute({ fusedMultiplyAdd: false });
    expect(firstDifference(f(a, b).data, reference(a, b, false))).toBe(-1);
  });
});
