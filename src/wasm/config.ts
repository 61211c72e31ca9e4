/**
 * Which kernels compute, on how many threads: `configureCompute({backend, threads})` and `computeInfo()`.
 * The default is the WebAssembly SIMD backend on every core where the host has it, else the JavaScript
 * kernels (the reference implementation) on one thread.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkOptions } from '../core/arguments.js';
import type { KeySet } from '../core/options.js';
import { Arena } from './arena.js';
import { hostCores, hostWorker } from './host.js';
import { type WasmRuntime, wasmRuntime } from './module.js';
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
}

const computeKeys: KeySet<ComputeOptions> = { backend: true, threads: true };

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
}

/** The most worker slots the control block has room for. */
const maxWorkers = 63;

interface State {
  backend: Backend;
  threads: number;
}

const state: State = { backend: 'wasm', threads: Math.min(hostCores(), maxWorkers + 1) };

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
 * configureCompute({backend?, threads?}): sets where kernels run from now on (see `ComputeOptions`). Asking for
 * 'wasm' where the host lacks WebAssembly SIMD is an ArgumentError. Returns the resulting `computeInfo()`.
 */
export const configureCompute = (options: ComputeOptions): ComputeInfo => {
  const where = 'configureCompute';
  if (options === undefined)
    throw new ArgumentError(where, 'options is undefined, not an object ({backend?, threads?})');
  checkOptions(where, options, computeKeys);
  const { backend, threads } = options;
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
  if (threads !== undefined) {
    state.threads = threads;
    if (pool !== null && threads - 1 > pool.workers) pool.shutdown();
    pool?.setLimit(threads);
    poolFailed = false;
  }
  return computeInfo();
};

/** computeInfo(): the backend in use, whether WebAssembly SIMD is available, and the thread counts. */
export const computeInfo = (): ComputeInfo => {
  const wasmAvailable = wasmRuntime() !== null;
  const backend: Backend = state.backend === 'wasm' && wasmAvailable ? 'wasm' : 'js';
  const activeThreads = backend === 'wasm' ? (wasmContext()?.pool()?.size ?? 1) : 1;
  return { backend, wasmAvailable, threads: state.threads, activeThreads };
};
