/**
 * The persistent worker pool: threads − 1 workers beside the calling thread, each with its own instance of the
 * kernels' module over the one shared memory. `runShares` hands a kernel's shares out (the first to the caller,
 * the others to workers that are ready; a worker still starting up has its share run by the caller), runs
 * them, and waits for all. A share is the caller's again if no worker has claimed it by the time the caller's
 * own are done (its core busy with another program, or its thread parked and slow to wake): the caller runs
 * it, so sharing a job is never much slower than running it on one thread. A share is a whole part of the output
 * (rows of a product, a range of elements), so no sum is ever split between threads and the bits do not depend on
 * the thread count.
 *
 * Watchdog: a worker that has not finished its share by the deadline is an error (GradfoldError), never a
 * hang; the pool is then shut down and later calls run on one thread.
 */
import { GradfoldError } from '../core/errors.js';
import type { HostWorker, HostWorkerConstructor } from './host.js';
import type { WasmRuntime } from './module.js';
import { CLAIMED, DONE, FAILED, IDLE, RUN, slotArguments, slotBytes, workerSource } from './worker-source.js';

/** The control bytes a pool of up to `workers` workers needs. */
export const controlBytes = (workers: number): number => workers * slotBytes;

interface Slot {
  readonly worker: HostWorker;
  readonly words: Int32Array;
  readonly args: Float64Array;
}

/** What the calling thread does around its own shares while the workers run theirs (see `Pool.runShares`). */
export interface ShareHooks {
  /** After the workers were handed their shares, before the calling thread runs its own. */
  readonly beforeOwn?: () => void;
  /** After the calling thread ran its own shares, before it takes back unclaimed ones and waits. */
  readonly afterOwn?: () => void;
}

/** A share handed to a worker's slot (kept, so that the caller can run it itself if no worker claims it). */
interface Handed {
  readonly slot: Slot;
  readonly share: readonly number[];
}

/** A pool of `workers` workers whose slots start at byte `control` of the runtime's memory. */
export class Pool {
  private slots: readonly Slot[];
  private readonly names: readonly string[];
  private limit: number;

  constructor(
    private readonly runtime: WasmRuntime,
    Worker: HostWorkerConstructor,
    workers: number,
    control: number,
    names: readonly string[],
    private readonly onShutdown: () => void,
  ) {
    this.names = names;
    this.limit = workers + 1;
    this.slots = Array.from({ length: workers }, (_, i) => {
      const slot = control + i * slotBytes;
      const words = new Int32Array(runtime.memory.buffer, slot, 4);
      const args = new Float64Array(runtime.memory.buffer, slot + 16, slotArguments);
      Atomics.store(words, 0, IDLE);
      Atomics.store(words, 1, 0);
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: {
          module: runtime.module,
          relaxedModule: runtime.relaxedModule,
          memory: runtime.memory,
          names,
          slot,
        },
      });
      worker.unref();
      worker.on('error', () => undefined);
      return { worker, words, args };
    });
  }

  /** The workers it was started with. */
  get workers(): number {
    return this.slots.length;
  }

  /** Uses at most `threads` threads (the caller included) from now on, however many workers it has. */
  setLimit(threads: number): void {
    this.limit = threads;
  }

  /** Threads that can take a share now: the caller and the workers that have started, up to the limit. */
  get size(): number {
    return 1 + this.ready().length;
  }

  private ready(): readonly Slot[] {
    return this.slots.filter((s) => Atomics.load(s.words, 1) === 1).slice(0, Math.max(0, this.limit - 1));
  }

  /**
   * Runs `kernel(...shares[i])` for every i, shares[0] on the calling thread, and returns when all are done.
   * `work` (multiply-adds or elements) sets the watchdog's deadline: 5 s plus 1 ms per million, unless
   * `timeoutMs` is given. `around` lets the caller overlap its own copying with the workers' shares:
   * `beforeOwn` runs once the workers have theirs and before the calling thread runs its own (e.g. copying in the
   * operands only shares[0] reads), `afterOwn` once its own are done and before it waits (copying out their rows).
   */
  runShares(
    kernel: string,
    shares: readonly (readonly number[])[],
    work: number,
    timeoutMs = 5000 + work / 1e6,
    around: ShareHooks = {},
  ): void {
    const fn = this.names.indexOf(kernel);
    if (fn < 0) throw new Error(`internal: ${kernel} is not a pooled kernel`);
    const ready = this.ready();
    const handed: Handed[] = [];
    const local: (readonly number[])[] = [];
    shares.forEach((share, i) => {
      const slot = i === 0 ? undefined : ready[i - 1];
      if (slot === undefined || share.length > slotArguments) {
        local.push(share);
        return;
      }
      slot.args.set(share);
      Atomics.store(slot.words, 2, fn);
      Atomics.store(slot.words, 3, share.length);
      Atomics.store(slot.words, 0, RUN);
      Atomics.notify(slot.words, 0);
      handed.push({ slot, share });
    });
    const f = this.runtime.kernel(kernel);
    let failed = true;
    try {
      around.beforeOwn?.();
      for (const share of local) f(...share);
      around.afterOwn?.();
      // Shares no worker has claimed yet are taken back (RUN → IDLE) and run here.
      for (const { slot, share } of handed) {
        if (Atomics.compareExchange(slot.words, 0, RUN, IDLE) === RUN) f(...share);
      }
      failed = false;
    } finally {
      this.await(handed, kernel, timeoutMs, failed);
    }
  }

  /**
   * Waits for the shares workers claimed. After a failure on the calling thread the shares still unclaimed are
   * withdrawn first (nobody runs them: the call is failing anyway).
   */
  private await(handed: readonly Handed[], kernel: string, timeoutMs: number, withdraw: boolean): void {
    const deadline = Date.now() + timeoutMs;
    for (const { slot } of handed) {
      if (withdraw) Atomics.compareExchange(slot.words, 0, RUN, IDLE);
      let state = Atomics.load(slot.words, 0);
      if (state === IDLE) continue; // taken back and run (or withdrawn) by the caller
      while (state === RUN || state === CLAIMED) {
        const left = deadline - Date.now();
        if (left <= 0) {
          this.shutdown();
          throw new GradfoldError(
            `gradfold: a worker thread did not finish its share of ${kernel} within ${Math.round(timeoutMs)} ms; ` +
              'the pool is shut down and computation continues on one thread',
          );
        }
        Atomics.wait(slot.words, 0, state, left);
        state = Atomics.load(slot.words, 0);
      }
      Atomics.store(slot.words, 0, IDLE);
      if (state === FAILED) throw new Error(`internal: a worker's share of ${kernel} failed`);
      if (state !== DONE) throw new Error(`internal: a worker slot is in state ${state}`);
    }
  }

  /** Stops every worker; the pool takes no more shares. */
  shutdown(): void {
    for (const s of this.slots) void s.worker.terminate();
    this.slots = [];
    this.onShutdown();
  }
}
