/**
 * A second instance of the kernels' module over a memory of its own (not shared), for kernels that always run on
 * the calling thread and write far more than they read: the batched outer product of vmap(grad)'s per-example
 * weight gradients writes megabytes per call. V8 copies out of a shared memory with relaxed-atomic word moves
 * (`TypedArray.prototype.set` from a SharedArrayBuffer view), which here is ~1.5× slower than the plain memcpy an
 * unshared memory gets; for a 4 MB output that is about 0.2 ms of a 1.6 ms vmap(grad) call
 * (out/tmp/outer2.mts). The instance is made on first use. Where the main memory is not shared anyway (a browser
 * page without cross-origin isolation), the main context serves.
 */
import { Arena } from './arena.js';
import { type WasmContext, wasmContext } from './config.js';
import { type WasmRuntime, instantiateOver } from './module.js';

/** The private instance's runtime and arena (no pool: its memory is the calling thread's alone). */
export interface PrivateContext {
  readonly runtime: WasmRuntime;
  readonly arena: Arena;
}

/** The kernels over a fresh unshared memory, like the main instance but private to this thread. */
const instantiatePrivate = (main: WasmRuntime): PrivateContext => {
  const runtime = instantiateOver(main.engine, false, false);
  return { runtime, arena: new Arena(runtime, runtime.heapBase) };
};

let privateInstance: PrivateContext | undefined;

/**
 * The context for a single-thread kernel with a large output: the private instance where the main memory is
 * shared, else the main context; null when the JavaScript kernels compute (the 'js' backend, no SIMD).
 */
export const singleThreadContext = (): PrivateContext | WasmContext | null => {
  const main = wasmContext();
  if (main === null || !main.runtime.shared) return main;
  privateInstance ??= instantiatePrivate(main.runtime);
  return privateInstance;
};
