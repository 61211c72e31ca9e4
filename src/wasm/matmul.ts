/**
 * The WebAssembly route of the matrix product (see dispatch.ts): the operands' blocks are copied into the
 * arena, the SIMD kernel (assembly/matmul.ts) adds op(a)·op(b) to a copy of out's block, and the block is
 * copied back. Large products are shared between threads by whole rows (or whole columns), so no element's
 * sum is ever split and the bits do not depend on the thread count.
 */
import type { TypedArray } from '../core/dtype.js';
import { type WasmContext, wasmContext } from './config.js';
import { relaxedSimd } from './module.js';

/**
 * Below this many multiply-adds (m·k·n) the JavaScript kernel is as fast as copying the blocks in and out
 * (measured: out/wip/matmul, JS vs Wasm on products from 4³ to 64³ and on thin shapes).
 */
export const wasmMatmulMinimum = 2048;
/**
 * From this many multiply-adds (float32, float64) the product is shared between threads. Measured on this 2-core
 * VM (out/wip/matmul/poolsplit.ts, spin.mjs): one thread computes ~15 (float32) and ~9 (float64) billion
 * multiply-adds per second; a parked worker woken while the caller computes its own share starts 50–80 µs late,
 * so a 128³ float32 product (110 µs) is slower on two threads and a 256³ one (810 µs) 1.5× faster when the second
 * core is free (on a busy one the worker's share runs after the caller's: ~15 µs lost, nothing gained).
 */
export const wasmMatmulPoolMinimum = { float32: 1 << 22, float64: 1 << 21 } as const;
/** Products whose blocks need more bytes than this stay in JavaScript (the kernels' memory is capped at 2 GiB). */
const largestBlocks = 2 ** 30;
/** Rows are shared in multiples of the register block's rows, columns in multiples of 16 (whole cache lines of c). */
const rowBlock = 4;
const columnBlock = 16;

/** A rectangle of the output [i0, i1) × [j0, j1). */
type Part = readonly [number, number, number, number];

/**
 * The output split into `threads` parts of whole rows (when m ≥ n) or whole columns, in multiples of the
 * register block: [[i0, i1, j0, j1], …].
 */
const split = (m: number, n: number, threads: number): readonly Part[] => {
  const byRows = m >= n;
  const [extent, block] = byRows ? [m, rowBlock] : [n, columnBlock];
  const step = Math.ceil(Math.ceil(extent / block) / threads) * block;
  const parts: Part[] = [];
  for (let s = 0; s < extent; s += step) {
    const e = Math.min(extent, s + step);
    parts.push(byRows ? [s, e, 0, n] : [0, m, s, e]);
  }
  return parts;
};

/** How many threads to use: the pool's ready threads for a large product, else 1. */
const threadsFor = (ctx: WasmContext, work: number, wide: boolean): number => {
  if (work < wasmMatmulPoolMinimum[wide ? 'float64' : 'float32']) return 1;
  return ctx.pool()?.size ?? 1;
};

/**
 * out[oOff + i·n + j] += Σ_p op(a)[i, p]·op(b)[p, j] for one m×k by k×n product, bit for bit as `matmulKernel`
 * (core/kernels/matmul.ts) computes it: float64 sums when out is a Float64Array (a float32 operand is widened,
 * exactly), float32 sums when out is a Float32Array; p increasing. op(a) is a[aOff…] (m×k) or its transpose
 * (stored k×m) when transA; op(b) likewise (k×n, or stored n×k when transB). False when the WebAssembly kernels
 * do not take the call (the 'js' backend, no SIMD, a small or a huge product, a float64 operand of a float32 out).
 * `overwrite`: out's block receives op(a)·op(b) alone; its current values (zeros, or a recycled array's old
 * values) are neither read nor added. `fused` (float32): each step s = fma(a, b, s), rounded once, as
 * `matmulKernel(…, fused)`; false (not taken) where the module cannot fuse (no relaxed SIMD, or the host's
 * relaxed multiply-add rounds twice).
 */
export const wasmMatmul = (
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  overwrite = false,
  fused = false,
): boolean => {
  const work = m * k * n;
  if (work < wasmMatmulMinimum) return false;
  const wide = out instanceof Float64Array;
  if (!wide && (a instanceof Float64Array || b instanceof Float64Array)) return false;
  const bytes = wide ? 8 : 4;
  if ((m * k + k * n + m * n) * bytes > largestBlocks) return false;
  const ctx = wasmContext();
  if (ctx === null || (fused && !wide && !relaxedSimd().fuses)) return false;
  const { arena, runtime } = ctx;
  // Fewer rows than the register block, with b read in place: the kernel without packing (rows of b streamed).
  const thin = m < rowBlock && !transB;
  const parts = split(m, n, threadsFor(ctx, work, wide));
  const mark = arena.mark();
  try {
    const pa = arena.alloc(m * k * bytes);
    const pb = arena.alloc(k * n * bytes);
    const pc = arena.alloc(m * n * bytes);
    const scratch = thin ? 0 : runtime.kernel('matmulScratchBytes')(wide ? 1 : 0, m, k, n);
    const flags = (transA ? 1 : 0) | (transB ? 2 : 0) | (fused && !wide ? 4 : 0);
    const shares = parts.map(([i0, i1, j0, j1]) => {
      const share = [pa, pb, pc, m, k, n, flags, i0, i1, j0, j1];
      return thin ? share : [...share, arena.alloc(scratch)];
    });
    const view = (at: number, count: number): TypedArray => (wide ? arena.f64(at, count) : arena.f32(at, count));
    // Rows [r0, r1) of op(a) (all of a when it is read transposed) and of c, in and out of the arena.
    const aRowsIn = (r0: number, r1: number): void => {
      const [s, e] = transA ? [0, m * k] : [r0 * k, r1 * k];
      if (e > s) view(pa + s * bytes, e - s).set(a.subarray(aOff + s, aOff + e));
    };
    const cRowsIn = (r0: number, r1: number): void => {
      const c = view(pc + r0 * n * bytes, (r1 - r0) * n);
      // A block to overwrite starts from zeros in the arena rather than from a copy of out (half the traffic).
      if (overwrite) c.fill(0);
      else c.set(out.subarray(oOff + r0 * n, oOff + r1 * n));
    };
    const cRowsOut = (r0: number, r1: number): void => {
      if (r1 > r0) out.set(view(pc + r0 * n * bytes, (r1 - r0) * n), oOff + r0 * n);
    };
    view(pb, k * n).set(b.subarray(bOff, bOff + k * n));
    const kernel = `matmul${thin ? 'Rows' : ''}${wide ? 'F64' : 'F32'}`;
    const pool = shares.length > 1 ? ctx.pool() : null;
    const own = parts[0]?.[1] ?? m;
    if (pool !== null && m >= n) {
      // Shared by rows: the workers' rows go in first, the caller copies its own while they compute, and copies
      // its rows of c out while they finish theirs.
      aRowsIn(transA ? 0 : own, m);
      cRowsIn(own, m);
      pool.runShares(kernel, shares, work, undefined, {
        beforeOwn: () => {
          if (!transA) aRowsIn(0, own);
          cRowsIn(0, own);
        },
        afterOwn: () => cRowsOut(0, own),
      });
      cRowsOut(own, m);
    } else {
      aRowsIn(0, m);
      cRowsIn(0, m);
      if (pool !== null) pool.runShares(kernel, shares, work);
      else for (const share of shares) runtime.kernel(kernel)(...share);
      cRowsOut(0, m);
    }
  } finally {
    arena.release(mark);
  }
  return true;
};
