/**
 * Operand space in the kernels' memory. A kernel call copies its inputs in, runs, and copies its output out
 * to an ordinary typed array, so tensors stay plain JavaScript values the garbage collector owns (no dispose,
 * no tidy). The space is a stack: `mark()` before a call, `release(mark)` after it. The memory only grows, to
 * the largest call seen, so its size is flat over a training run.
 */
import type { TypedArray } from '../core/dtype.js';
import { type WasmRuntime, maximumPages } from './module.js';

const pageBytes = 65536;

/** Offsets are rounded up to 64 bytes: a cache line, and every vector load aligned. */
const align = (n: number): number => Math.ceil(n / 64) * 64;

/** The arena over a runtime's memory. */
export class Arena {
  private top: number;
  private floor = 0;

  /** An arena over the runtime's memory from byte `start` (at or above the module's static data). */
  constructor(
    private readonly runtime: WasmRuntime,
    start: number,
  ) {
    this.top = align(Math.max(start, runtime.heapBase));
  }

  /** The current top, to hand back to `release` when the call is done. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark`. */
  release(mark: number): void {
    this.top = Math.max(mark, this.floor);
  }

  /**
   * Never hands out the bytes below the current top again: after the watchdog gives up on a worker, that worker
   * may still write into the operands of its share, so they are left to it.
   */
  fence(): void {
    this.floor = this.top;
  }

  /** `bytes` bytes of scratch (uninitialised), 64-byte aligned; grows the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    const end = at + align(Math.max(bytes, 1));
    if (end > this.runtime.memory.buffer.byteLength) this.grow(end);
    this.top = end;
    return at;
  }

  /** A copy of `data` placed in the arena; its byte offset. */
  copyIn(data: TypedArray): number {
    const at = this.alloc(data.byteLength);
    (data instanceof Float64Array ? this.f64(at, data.length) : this.f32(at, data.length)).set(data);
    return at;
  }

  /** A float32 view of n elements at byte offset `at`. */
  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.buffer(), at, n);
  }

  /** A float64 view of n elements at byte offset `at`. */
  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.buffer(), at, n);
  }

  /** A view of n elements of `data`'s dtype at `at`. */
  view(like: TypedArray, at: number, n: number): TypedArray {
    return like instanceof Float64Array ? this.f64(at, n) : this.f32(at, n);
  }

  /** The memory's current bytes (a grown memory has a new buffer). */
  buffer(): ArrayBufferLike {
    return this.runtime.memory.buffer;
  }

  private grow(end: number): void {
    const have = this.runtime.memory.buffer.byteLength;
    const pages = Math.ceil((end - have) / pageBytes);
    if (have / pageBytes + pages > maximumPages) {
      throw new RangeError(
        `gradfold: a kernel needs ${end} bytes of WebAssembly memory, above the ${maximumPages * pageBytes}-byte limit`,
      );
    }
    const headroom = Math.ceil(have / pageBytes / 4);
    this.runtime.memory.grow(Math.min(maximumPages - have / pageBytes, Math.max(pages, headroom)));
  }
}
