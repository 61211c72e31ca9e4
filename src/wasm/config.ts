/**
 * Which kernels compute, on how many threads, and whether float32 products fuse their multiply-adds:
 * `configureCompute({backend, threads, fusedMultiplyAdd})` and `computeInfo()`. The default is the WebAssembly
 * SIMD backend on every core where the host has it, else the JavaScript kernels (the reference implementation) on
 * one thread; float32 products fuse where the host's relaxed SIMD has a fused multiply-add.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkOptions } from '../core/arguments.js';
import type { KeySet } from '../core/options.js';
import { Arena } from './arena.js';
import { hostCores, hostWorker } from './host.js';
import { type WasmRuntime, relaxedSimd, wasmRuntime } from './module.js';
import { Pool, controlBytes } from './pool.js';

/** Where tensor kernels run: 'wasm' (WebAssembly SIMD, the default where available) or 'js' (the reference). */
export type Backend = 'wasm' | 'js';

/** Options of `configureCompute`; an omitted field keeps its current setting. */
export interface ComputeOptions {
  /** 'wasm' (WebAssembly 128-bit SIMD kernels) or 'js' (the JavaScript reference kernels). */
  readonly backend?: Backend;
  /**
   * Threads for large kernels, the calling one included: an integer ≥ 1 (default: the host's cores). Results
   * are the same bits for every count. Worker threads exist only in Node; browsers compute on one thread.
   * Lowering it keeps the started workers idle (raising it again is free); setting it also restarts a pool
   * the watchdog shut down.
   */
  readonly threads?: number;
  /**
   * Whether float32 matrix products fuse each multiply-add (default true: where available). Fused, each step of
   * a sum is s ← fma(a, b, s) = the float32 nearest a·b + s, rounded once; separate, s ← fround(s + fround(a·b)),
   * rounded twice. It takes effect with the 'wasm' backend on a host with relaxed SIMD whose multiply-add fuses
   * (`computeInfo().fusedMultiplyAdd`); then every float32 product follows it, small ones computed in JavaScript
   * included. Fused results differ from separate ones in the last bits (usually closer to the exact sum); they
   * are still the same bits for any thread count, blocking or run. float64 products never fuse.
   */
  readonly fusedMultiplyAdd?: boolean;
}

const computeKeys: KeySet<ComputeOptions> = { backend: true, threads: true, fusedMultiplyAdd: true };

/** What `computeInfo()` reports. */
export interface ComputeInfo {
  /** The backend in use. */
  readonly backend: Backend;
  /** Whether the host can run the WebAssembly SIMD kernels at all. */
  readonly wasmAvailable: boolean;
  /** The thread count asked for (`threads`). */
  readonly threads: number;
  /** Threads that can take work now (worker threads start in the background; 1 where there are none). */
  readonly activeThreads: number;
  /**
   * Whether float32 matrix products fuse their multiply-adds now, s ← fma(a, b, s) (see
   * `ComputeOptions.fusedMultiplyAdd`): the 'wasm' backend, relaxed SIMD whose multiply-add rounds once, and the
   * option on.
   */
  readonly fusedMultiplyAdd: boolean;
}

/** The most worker slots the control block has room for. */
const maxWorkers = 63;

interface State {
  backend: Backend;
  threads: number;
  fusedMultiplyAdd: boolean;
}

const state: State = { backend: 'wasm', threads: Math.min(hostCores(), maxWorkers + 1), fusedMultiplyAdd: true };

/** The runtime with its arena and (lazily) its pool. */
export interface WasmContext {
  readonly runtime: WasmRuntime;
  readonly arena: Arena;
  /** The pool for `threads` threads, started on first use; null for one thread or where there are no workers. */
  readonly pool: () => Pool | null;
}

let context: WasmContext | null | undefined;
let pool: Pool | null = null;
let poolFailed = false;

const makeContext = (): WasmContext | null => {
  const runtime = wasmRuntime();
  if (runtime === null) return null;
  const control = Math.ceil(runtime.heapBase / 64) * 64;
  const arena = new Arena(runtime, control + controlBytes(maxWorkers));
  const getPool = (): Pool | null => {
    if (state.threads <= 1 || poolFailed) return null;
    if (pool !== null) return pool;
    const Worker = hostWorker();
    if (Worker === null || !runtime.shared) {
      poolFailed = true;
      return null;
    }
    const names = Object.keys(runtime.instance.exports);
    pool = new Pool(runtime, Worker, state.threads - 1, control, names, () => {
      pool = null;
      poolFailed = true;
      arena.fence();
    });
    return pool;
  };
  return { runtime, arena, pool: getPool };
};

/** The WebAssembly context when the 'wasm' backend is in use and available, else null (use the JS kernels). */
export const wasmContext = (): WasmContext | null => {
  if (state.backend !== 'wasm') return null;
  if (context === undefined) context = makeContext();
  return context;
};

/**
 * Whether float32 matrix products fuse now: s ← fma(a, b, s) per step (`computeInfo().fusedMultiplyAdd`). Both
 * routes of a product (WebAssembly, and JavaScript for small ones) follow it.
 */
export const fusedMultiplyAddInEffect = (): boolean =>
  state.fusedMultiplyAdd && wasmContext() !== null && relaxedSimd().fuses;

/**
 * configureCompute({backend?, threads?, fusedMultiplyAdd?}): sets where kernels run from now on and whether
 * float32 products fuse (see `ComputeOptions`). Asking for 'wasm' where the host lacks WebAssembly SIMD is an
 * ArgumentError. Returns the resulting `computeInfo()`.
 */
export const configureCompute = (options: ComputeOptions): ComputeInfo => {
  const where = 'configureCompute';
  if (options === undefined)
    throw new ArgumentError(where, 'options is undefined, not an object ({backend?, threads?, fusedMultiplyAdd?})');
  checkOptions(where, options, computeKeys);
  const { backend, threads, fusedMultiplyAdd } = options;
  if (fusedMultiplyAdd !== undefined && typeof fusedMultiplyAdd !== 'boolean') {
    throw new ArgumentError(where, `fusedMultiplyAdd must be true or false, got ${describeValue(fusedMultiplyAdd)}`);
  }
  if (backend !== undefined && backend !== 'wasm' && backend !== 'js') {
    throw new ArgumentError(where, `backend must be 'wasm' or 'js', got ${describeValue(backend)}`);
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= maxWorkers + 1)) {
    throw new ArgumentError(
      where,
      `threads must be an integer from 1 to ${maxWorkers + 1}, got ${describeValue(threads)}`,
    );
  }
  if (backend === 'wasm' && wasmRuntime() === null) {
    throw new ArgumentError(where, "backend 'wasm' needs WebAssembly with 128-bit SIMD, which this host lacks");
  }
  if (backend !== undefined) state.backend = backend;
  if (fusedMultiplyAdd !== undefined) state.fusedMultiplyAdd = fusedMultiplyAdd;
  if (threads !== undefined) {
    state.threads = threads;
    if (pool !== null && threads - 1 > pool.workers) pool.shutdown();
    pool?.setLimit(threads);
    poolFailed = false;
  }
  return computeInfo();
};

/**
 * computeInfo(): the backend in use, whether WebAssembly SIMD is available, the thread counts, and whether float32
 * products fuse their multiply-adds.
 */
export const computeInfo = (): ComputeInfo => {
  const wasmAvailable = wasmRuntime() !== null;
  const backend: Backend = state.backend === 'wasm' && wasmAvailable ? 'wasm' : 'js';
  const activeThreads = backend === 'wasm' ? (wasmContext()?.pool()?.size ?? 1) : 1;
  return {
    backend,
    wasmAvailable,
    threads: state.threads,
    activeThreads,
    fusedMultiplyAdd: fusedMultiplyAddInEffect(),
  };
};
