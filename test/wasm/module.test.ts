/**
 * Loading the kernels' module: synchronously, over a shared memory in Node; and, for a browser page that is not
 * cross-origin isolated (no SharedArrayBuffer), the same module with its memory import declared unshared runs
 * over a private memory.
 */
import { describe, expect, it } from 'vitest';
import { hostWebAssembly } from '../../src/wasm/api.ts';
import { moduleBytes, moduleImports, unshareMemoryImport, wasmRuntime } from '../../src/wasm/module.ts';

describe('the WebAssembly module', () => {
  it('instantiates synchronously over a shared memory', () => {
    const runtime = wasmRuntime();
    expect(runtime).not.toBeNull();
    expect(runtime?.shared).toBe(true);
    expect(runtime?.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(runtime?.heapBase).toBeGreaterThan(0);
  });

  it('declares its memory shared, and runs unshared once patched', () => {
    const engine = hostWebAssembly();
    if (engine === null) throw new Error('no WebAssembly');
    const bytes = moduleBytes();
    const sharedMemory = new engine.Memory({ initial: 32, maximum: 32768, shared: false });
    expect(() => new engine.Instance(new engine.Module(bytes), moduleImports(sharedMemory))).toThrow();
    const patched = unshareMemoryImport(bytes);
    expect(patched.length).toBe(bytes.length);
    expect(patched.filter((b, i) => b !== bytes[i]).length).toBe(1);
    const memory = new engine.Memory({ initial: 32, maximum: 32768, shared: false });
    const instance = new engine.Instance(new engine.Module(patched), moduleImports(memory));
    const probe = instance.exports['probeAddRange'];
    if (typeof probe !== 'function') throw new Error('probeAddRange is missing');
    const at = 1 << 20;
    const x = new Float64Array(memory.buffer, at, 4);
    x.set([1, 2, 3, 4]);
    Reflect.apply(probe, undefined, [at, 1, 3, 0.5, 2]);
    expect(Array.from(x)).toEqual([1, 3, 4, 4]);
  });
});
