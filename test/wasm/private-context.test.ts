/**
 * The private (unshared) instance that single-thread kernels with large outputs use (src/wasm/private-context.ts):
 * a memory of its own where the main one is shared, the main context where it is not, none on the 'js' backend;
 * and the outer product through it, past the private memory's initial size (so the arena grows and the views are
 * re-taken), against the reference loop bit for bit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { computeInfo, configureCompute, wasmContext } from '../../src/wasm/config.ts';
import { outerInWasm } from '../../src/wasm/elementwise.ts';
import { singleThreadContext } from '../../src/wasm/private-context.ts';

const backend = computeInfo().backend;
afterAll(() => configureCompute({ backend }));
const wasm = computeInfo().wasmAvailable;

describe('singleThreadContext', () => {
  it.runIf(wasm)('is an unshared memory of its own when the main memory is shared, else the main context', () => {
    configureCompute({ backend: 'wasm' });
    const main = wasmContext();
    const own = singleThreadContext();
    expect(main).not.toBeNull();
    expect(own).not.toBeNull();
    if (main === null || own === null) return;
    if (main.runtime.shared) {
      expect(own.runtime.memory).not.toBe(main.runtime.memory);
      expect(own.runtime.memory.buffer).toBeInstanceOf(ArrayBuffer);
      expect(own.runtime.shared).toBe(false);
    } else expect(own).toBe(main);
  });

  it('is null on the js backend', () => {
    configureCompute({ backend: 'js' });
    expect(singleThreadContext()).toBeNull();
    configureCompute({ backend });
  });

  it.runIf(wasm)('computes an outer product larger than its initial memory, bit for bit', () => {
    configureCompute({ backend: 'wasm' });
    const [batches, m, n] = [3000, 300, 2]; // a: 900 000 float32 (3.6 MB) > the 2 MiB the memory starts with
    const a = Float32Array.from({ length: batches * m }, (_, i) => Math.fround(Math.sin(i) * 1e3));
    const b = Float32Array.from({ length: batches * n }, (_, i) => Math.fround(Math.cos(i) / 7));
    const out = new Float32Array(batches * m * n);
    expect(outerInWasm(a, b, out, batches, m, n)).toBe(true);
    let mismatches = 0;
    for (let e = 0, o = 0; e < batches; e++)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++, o++) if (out[o] !== Math.fround(a[e * m + i]! * b[e * n + j]!)) mismatches++;
    expect(mismatches).toBe(0);
  });
});
