/**
 * The worker pool: shares reach worker threads and the caller, each exactly once; more shares than threads run
 * on the caller; a worker that misses its deadline is an error (never a hang), after which computation goes on
 * on one thread. The probe kernel adds a value over a range, so a share run twice or never is visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradfoldError } from '../../src/core/errors.ts';
import { computeInfo, configureCompute, wasmContext } from '../../src/wasm/config.ts';
import { Pool, controlBytes } from '../../src/wasm/pool.ts';
import { untilActive } from './threads.ts';

const context = (): NonNullable<ReturnType<typeof wasmContext>> => {
  const c = wasmContext();
  if (c === null) throw new Error('the WebAssembly backend is not available');
  return c;
};

const before = computeInfo();

describe('worker pool', () => {
  beforeAll(async () => {
    configureCompute({ backend: 'wasm', threads: 2 });
    await untilActive(2);
  });
  afterAll(() => {
    configureCompute({ backend: before.backend, threads: before.threads });
  });

  it('runs every share exactly once, on the caller and a worker', () => {
    const { arena } = context();
    const mark = arena.mark();
    try {
      const n = 1003;
      const x = arena.alloc(n * 8);
      arena.f64(x, n).fill(0);
      const pool = context().pool();
      expect(pool).not.toBeNull();
      pool?.runShares(
        'probeAddRange',
        [
          [x, 0, 500, 1, 3],
          [x, 500, n, 2, 3],
        ],
        n,
      );
      const out = arena.f64(x, n);
      expect(out.slice(0, 500).every((v) => v === 3)).toBe(true);
      expect(out.slice(500).every((v) => v === 6)).toBe(true);
    } finally {
      arena.release(mark);
    }
  });

  it('runs shares beyond the thread count on the caller', () => {
    const { arena } = context();
    const mark = arena.mark();
    try {
      const n = 40;
      const x = arena.alloc(n * 8);
      arena.f64(x, n).fill(0);
      const shares = Array.from({ length: 5 }, (_, i) => [x, i * 8, i * 8 + 8, i + 1, 1]);
      context().pool()?.runShares('probeAddRange', shares, n);
      expect(Array.from(arena.f64(x, n))).toEqual(Array.from({ length: n }, (_, i) => Math.floor(i / 8) + 1));
    } finally {
      arena.release(mark);
    }
  });

  it('turns a worker that misses its deadline into an error, then computes on one thread', async () => {
    const { arena } = context();
    const mark = arena.mark();
    const n = 1 << 16;
    const x = arena.alloc(n * 8);
    const pool = context().pool();
    expect(pool).not.toBeNull();
    try {
      // The worker's share takes far longer than the 1 ms deadline (2^16 × 20 000 additions). The caller's own
      // share (2^12 × 20 000 additions) outlasts a worker's wake-up, so the worker has claimed its share by then
      // and the caller cannot take it back: it waits, and the watchdog fires.
      const shares = [
        [x, 0, 1 << 12, 0, 20_000],
        [x, 0, n, 1, 20_000],
      ];
      expect(() => pool?.runShares('probeAddRange', shares, n, 1)).toThrow(GradfoldError);
      expect(() => pool?.runShares('probeAddRange', [[x, 0, 1, 0, 1]], 1)).not.toThrow();
      expect(computeInfo().activeThreads).toBe(1);
      expect(context().pool()).toBeNull();
    } finally {
      arena.release(mark);
    }
    // The bytes the abandoned worker may still write are never handed out again.
    expect(context().arena.alloc(8)).toBeGreaterThanOrEqual(x + n * 8);
    configureCompute({ threads: 2 });
    await untilActive(2);
  });

  it('runs a share no worker claims on the caller, once (a worker whose core is busy is not waited for)', () => {
    const runtime = context().runtime;
    const { arena } = context();
    const mark = arena.mark();
    try {
      // A pool whose one worker says it is ready and never claims a share: its slot lives in the arena.
      const control = arena.alloc(controlBytes(1) + 64);
      const slot = Math.ceil(control / 64) * 64;
      class Idle {
        constructor(_code: string, { workerData }: { eval: true; workerData: unknown }) {
          expect(workerData).toMatchObject({ slot });
          Atomics.store(new Int32Array(runtime.memory.buffer, slot, 4), 1, 1);
        }
        unref(): void {}
        terminate(): void {}
        on(): void {}
      }
      let stopped = false;
      const pool = new Pool(runtime, Idle, 1, slot, Object.keys(runtime.instance.exports), () => (stopped = true));
      expect(pool.size).toBe(2);
      const n = 64;
      const x = arena.alloc(n * 8);
      arena.f64(x, n).fill(0);
      // Adds 1 to the first half and 2 to the second, in two shares.
      const shares = [
        [x, 0, 32, 1, 1],
        [x, 32, n, 2, 1],
      ];
      pool.runShares('probeAddRange', shares, n, 50);
      expect(Array.from(arena.f64(x, n))).toEqual(Array.from({ length: n }, (_, i) => (i < 32 ? 1 : 2)));
      expect(stopped).toBe(false);
      pool.runShares('probeAddRange', shares, n, 50);
      expect(Array.from(arena.f64(x, n))).toEqual(Array.from({ length: n }, (_, i) => (i < 32 ? 2 : 4)));
    } finally {
      arena.release(mark);
    }
  });

  it('lowers and raises the thread count without restarting its workers', () => {
    const pool = context().pool();
    configureCompute({ threads: 1 });
    expect(computeInfo().activeThreads).toBe(1);
    expect(context().pool()).toBeNull();
    configureCompute({ threads: 2 });
    expect(context().pool()).toBe(pool);
    expect(computeInfo().activeThreads).toBe(2);
  });

  it('refuses bad options by name', () => {
    expect(() => configureCompute({ threads: 0 })).toThrow(/configureCompute: threads must be an integer/);
    expect(() => configureCompute({ threads: 1.5 })).toThrow(/threads/);
    // @ts-expect-error: an unknown backend
    expect(() => configureCompute({ backend: 'gpu' })).toThrow(/backend must be 'wasm' or 'js', got "gpu"/);
    // @ts-expect-error: an unknown key
    expect(() => configureCompute({ thread: 2 })).toThrow(/unknown option "thread" \(did you mean "threads"\?\)/);
  });
});
