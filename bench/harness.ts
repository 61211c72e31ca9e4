/**
 * The measuring side of the benchmark: a case is one (workload, size, peer) triple with a setup that returns
 * the function to time; `measureCase` times it with mitata (warm-up, then many samples) and converts the
 * nanoseconds of one call into the workload's unit.
 */
import { measure } from 'mitata';

/** How a workload reports: a time per call scaled to a unit, or a rate (work per second). */
export type Metric =
  | { readonly kind: 'time'; readonly unit: 'ms' | 'µs/op' | 'µs/step'; readonly nsPerUnit: number }
  | { readonly kind: 'rate'; readonly unit: 'GFLOP/s'; readonly flops: number };

/** One thing to time. `setup` may be slow (it is not timed) and returns the call to time. */
export interface Case {
  readonly workload: string;
  readonly size: string;
  readonly peer: string;
  readonly metric: Metric;
  readonly setup: () => Promise<() => unknown> | (() => unknown);
  /** Runs after timing (frees peer memory). */
  readonly teardown?: () => void;
}

/** A peer's timed body and the release of what its setup allocated (peer tensors live outside the collector). */
export interface Prepared {
  readonly run: () => unknown;
  readonly dispose: () => void;
}

/** disposingCase(id, prepare): a case whose setup is `prepare` and whose teardown disposes what it allocated. */
export const disposingCase = (id: Omit<Case, 'setup' | 'teardown'>, prepare: () => Promise<Prepared>): Case => {
  let dispose = (): void => {};
  return {
    ...id,
    setup: async () => {
      const p = await prepare();
      dispose = p.dispose;
      return p.run;
    },
    teardown: () => dispose(),
  };
};

/** One line of output: median and spread in the workload's unit. */
export interface Result {
  readonly workload: string;
  readonly size: string;
  readonly peer: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** Time budget of one case. */
export interface Budget {
  /** Minimum measured time per case, ms. */
  readonly ms: number;
  /** Minimum samples (the floor is lowered for calls slower than the budget). */
  readonly samples: number;
  /** Run each case once and report that single time (a smoke test). */
  readonly once: boolean;
}

/** Converts nanoseconds per call into the metric's unit (rates invert, so min and max swap). */
const convert = (m: Metric, ns: number): number => (m.kind === 'time' ? ns / m.nsPerUnit : m.flops / ns);

/** Times one case under a budget and returns its result, or the error message when the peer failed. */
export const measureCase = async (c: Case, budget: Budget): Promise<Result | string> => {
  let fn: () => unknown;
  try {
    fn = await c.setup();
    const t0 = performance.now();
    await fn();
    const first = (performance.now() - t0) * 1e6;
    if (budget.once) return result(c, first, first, first);
    const samples = Math.max(2, Math.min(budget.samples, Math.ceil((budget.ms * 1e6) / Math.max(first, 1))));
    const stats = await measure(fn, {
      min_samples: samples,
      min_cpu_time: budget.ms * 1e6,
      warmup_samples: first > 1e8 ? 0 : 2,
      max_samples: Math.max(samples, 1e9),
    });
    return result(c, stats.p50, stats.min, stats.max);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    c.teardown?.();
  }
};

const result = (c: Case, median: number, min: number, max: number): Result => {
  const a = convert(c.metric, min);
  const b = convert(c.metric, max);
  return {
    workload: c.workload,
    size: c.size,
    peer: c.peer,
    median: convert(c.metric, median),
    min: Math.min(a, b),
    max: Math.max(a, b),
    unit: c.metric.unit,
  };
};

/** One result from the rounds of a case: the median of the round medians, the min of mins, the max of maxes. */
export const combineRounds = (rounds: readonly Result[]): Result => {
  const first = rounds[0];
  if (first === undefined) throw new Error('combineRounds: no rounds');
  const medians = rounds.map((r) => r.median).sort((x, y) => x - y);
  const mid = medians.length / 2;
  const median =
    medians.length % 2 === 1
      ? (medians[Math.floor(mid)] ?? NaN)
      : ((medians[mid - 1] ?? NaN) + (medians[mid] ?? NaN)) / 2;
  return { ...first, median, min: Math.min(...rounds.map((r) => r.min)), max: Math.max(...rounds.map((r) => r.max)) };
};
