/**
 * The kernels' WebAssembly module, compiled and instantiated synchronously on first use from the bytes inlined
 * in binary.generated.ts, over one memory (shared when the host has SharedArrayBuffer, so that worker threads
 * can run kernels on the same operands). `wasmRuntime()` is null where WebAssembly or its 128-bit SIMD is
 * missing; gradfold then computes with its JavaScript kernels. A second, small module is inlined too: the float32
 * products compiled with relaxed SIMD (whose steps can fuse their multiply-adds, assembly/relaxed.ts). Where the
 * host validates relaxed SIMD it is instantiated over the same memory and its exports take the place of the main
 * module's; `relaxedSimd()` says whether it runs and whether the host's relaxed multiply-add rounds once.
 */
import {
  type KernelFunction,
  type WasmEngine,
  type WasmInstance,
  type WasmMemory,
  type WasmModule,
  exportFunction,
  hostWebAssembly,
} from './api.js';
import { wasmBase64, wasmRelaxedBase64 } from './binary.generated.js';

/** The memory's size limit in 64 KiB pages (2 GiB), as the module declares it. */
export const maximumPages = 32768;
const initialPages = 32;

/** The compiled module, its memory, and the main thread's instance. */
export interface WasmRuntime {
  readonly engine: WasmEngine;
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly shared: boolean;
  readonly instance: WasmInstance;
  /**
   * The relaxed-SIMD module (the float32 products, whose steps can fuse) where the host validates relaxed SIMD,
   * instantiated over the same memory beside the main one; null elsewhere.
   */
  readonly relaxedModule: WasmModule | null;
  /** An export of the main thread's instances by name: the relaxed module's where it has one, else the main one's. */
  readonly kernel: (name: string) => KernelFunction;
  /** The first byte the module's static data leaves free. */
  readonly heapBase: number;
}

/** A minimal module using one f32x4 instruction: validates only where 128-bit SIMD is supported. */
const simdProbe = Uint8Array.of(
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  10,
  1,
  8,
  0,
  65,
  0,
  253,
  15,
  253,
  98,
  11,
);

/** A minimal module using f32x4.relaxed_madd (on three i8x16.splat of 0): validates only where relaxed SIMD does. */
export const relaxedProbe = Uint8Array.from([
  ...[0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0],
  ...[65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11],
]);

/** Whether the host validates relaxed SIMD (checked once). */
let relaxedValid: boolean | undefined;
const hostHasRelaxedSimd = (): boolean => {
  relaxedValid ??= hostWebAssembly()?.validate(relaxedProbe) ?? false;
  return relaxedValid;
};

/** The main module's bytes, decoded from the inlined base64. */
export const moduleBytes = (): Uint8Array => decodeBase64(wasmBase64);

/** The relaxed-SIMD module's bytes (assembly/relaxed.ts: the float32 products only). */
export const relaxedModuleBytes = (): Uint8Array => decodeBase64(wasmRelaxedBase64);

const decodeBase64 = (text: string): Uint8Array => {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** The imports every instance gets: the shared memory, and `abort` (reached only by an internal fault). */
export const moduleImports = (memory: WasmMemory): Readonly<Record<string, Readonly<Record<string, unknown>>>> => ({
  env: {
    memory,
    abort: (): never => {
      throw new Error('internal: a WebAssembly kernel aborted');
    },
  },
});

/** Reads an unsigned LEB128 number at `at`: its value and the offset after it. */
const leb = (bytes: Uint8Array, at: number): readonly [number, number] => {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0 || i >= bytes.length) return [value, i];
  }
};

/**
 * The module with its memory import declared unshared (limits flag 0x03 → 0x01, in place): for hosts without
 * SharedArrayBuffer (a browser page that is not cross-origin isolated). The kernels use no atomics, so the
 * module is the same program over a private memory.
 */
export const unshareMemoryImport = (bytes: Uint8Array): Uint8Array => {
  const out = bytes.slice();
  let at = 8;
  while (at < out.length) {
    const id = out[at] ?? 0;
    const [size, body] = leb(out, at + 1);
    if (id === 2) {
      let [count, i] = leb(out, body);
      for (; count > 0; count--) {
        const [moduleLength, m] = leb(out, i);
        const [fieldLength, f] = leb(out, m + moduleLength);
        i = f + fieldLength;
        const kind = out[i++] ?? 0;
        if (kind === 2) {
          if (out[i] === 0x03) out[i] = 0x01;
          return out;
        }
        if (kind === 0) i = leb(out, i)[1];
        else if (kind === 1) {
          const flags = out[i + 1] ?? 0;
          i = leb(out, i + 2)[1];
          if ((flags & 1) === 1) i = leb(out, i)[1];
        } else i += 2;
      }
      return out;
    }
    at = body + size;
  }
  return out;
};

/** Exports by name, each looked up once: `over`'s where it has the name, else `instance`'s. */
export const kernelLookup = (
  instance: WasmInstance,
  over: WasmInstance | null = null,
): ((name: string) => KernelFunction) => {
  const cache = new Map<string, KernelFunction>();
  return (name) => {
    const known = cache.get(name);
    if (known !== undefined) return known;
    const f = exportFunction(over !== null && name in over.exports ? over : instance, name);
    cache.set(name, f);
    return f;
  };
};

/**
 * The kernels instantiated over a new memory, shared or not; with the relaxed-SIMD module beside the main one when
 * `relaxed` (the host must validate it).
 */
export const instantiateOver = (engine: WasmEngine, shared: boolean, relaxed: boolean): WasmRuntime => {
  const memory = new engine.Memory({ initial: initialPages, maximum: maximumPages, shared });
  const compile = (bytes: Uint8Array): WasmModule => new engine.Module(shared ? bytes : unshareMemoryImport(bytes));
  const module = compile(moduleBytes());
  const instance = new engine.Instance(module, moduleImports(memory));
  // The relaxed module has no static data: instantiating it over the same memory writes nothing there.
  const relaxedModule = relaxed ? compile(relaxedModuleBytes()) : null;
  const over = relaxedModule === null ? null : new engine.Instance(relaxedModule, moduleImports(memory));
  const kernel = kernelLookup(instance, over);
  return { engine, module, memory, shared, instance, relaxedModule, kernel, heapBase: kernel('heapBase')() };
};

const instantiate = (): WasmRuntime | null => {
  const engine = hostWebAssembly();
  if (engine === null || !engine.validate(simdProbe)) return null;
  return instantiateOver(engine, typeof SharedArrayBuffer === 'function', hostHasRelaxedSimd());
};

let runtime: WasmRuntime | null | undefined;

/** The module, instantiated on first call; null where the host lacks WebAssembly SIMD. */
export const wasmRuntime = (): WasmRuntime | null => {
  if (runtime === undefined) runtime = instantiate();
  return runtime;
};

/** Whether the relaxed-SIMD module runs, and what its float32 multiply-add does on this host. */
export interface RelaxedSimd {
  /** The relaxed-SIMD module is instantiated (the host validates relaxed SIMD). */
  readonly available: boolean;
  /**
   * Its f32x4.relaxed_madd rounds once, fma(a, b, c) (hosts may compute a·b + c with two roundings, e.g. x86
   * without FMA3): (1 + 2⁻¹²)·(1 + 2⁻¹²) − (1 + 2⁻¹¹) is 2⁻²⁴ fused, 0 with two roundings.
   */
  readonly fuses: boolean;
}

let relaxed: RelaxedSimd | undefined;

/** The relaxed-SIMD facts of the runtime, found once (both false without a WebAssembly runtime). */
export const relaxedSimd = (): RelaxedSimd => {
  if (relaxed !== undefined) return relaxed;
  const rt = wasmRuntime();
  const available = rt !== null && hostHasRelaxedSimd();
  const x = 1 + 2 ** -12;
  const fuses = available && rt.kernel('matmulMaddF32')(x, x, -(1 + 2 ** -11), 1) === 2 ** -24;
  relaxed = { available, fuses };
  return relaxed;
};
