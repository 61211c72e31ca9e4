/**
 * One optimizer descending a compiled loss: a jitted step (value, gradient and update in one traced program,
 * numbers traced so one program serves every point and step count) and the path it has taken so far.
 */
import {
  type GradientTransformation,
  type Tensor,
  add,
  applyUpdates,
  foldIn,
  jit,
  key,
  normal,
  scalar,
  valueAndGrad,
} from 'gradfold';
import type { Loss, Point } from './formula.ts';
import { type OptimizerId, type ScheduleId, schedule, withOptimizer } from './optimizers.ts';

/** The loss and gradient norm at a path point (where the step's gradient was taken). */
export interface Sample {
  readonly step: number;
  readonly loss: number;
  readonly gradNorm: number;
}

/** An optimizer's run: its path (the start, then one point per step) and the samples along it. */
export interface Runner {
  readonly id: OptimizerId;
  readonly path: readonly Point<number>[];
  readonly samples: readonly Sample[];
  /** Why the run stopped (a non-finite point), or undefined while it can go on. */
  readonly stopped: string | undefined;
  /** Takes one step (nothing once stopped). */
  step(): void;
}

/** What a runner needs: the loss, the start, the optimizer with its rate and schedule, and the gradient noise. */
export interface RunnerOptions {
  readonly id: OptimizerId;
  readonly loss: Loss;
  readonly start: Point<number>;
  readonly lr: number;
  readonly schedule: ScheduleId;
  readonly noise: number;
  /** Seed of the noise's random key. */
  readonly seed?: number;
}

type P = { readonly x: Tensor; readonly y: Tensor };

const toNumber = (v: Tensor | number): number => (typeof v === 'number' ? v : (v.data[0] ?? Number.NaN));

/** typedRunner(opt, o): the run of `opt`, its state typed by the optimizer's kind. */
const typedRunner = <K>(opt: GradientTransformation<K>, o: RunnerOptions): Runner => {
  const f = (p: Point<Tensor>): Tensor | number => o.loss(p);
  const step = jit(
    (params: P, state: ReturnType<typeof opt.init<P>>, nx: number, ny: number) => {
      const [value, g] = valueAndGrad(f)(params);
      const [updates, next] = opt.update({ x: add(g.x, nx), y: add(g.y, ny) }, state, params);
      return [applyUpdates(params, updates), next, value, g] as const;
    },
    { numbers: 'traced' },
  );
  const path: Point<number>[] = [o.start];
  const samples: Sample[] = [];
  let params: P = { x: scalar(o.start.x), y: scalar(o.start.y) };
  let state = opt.init(params);
  let stopped: string | undefined;
  const noiseKey = key(o.seed ?? 16);
  return {
    id: o.id,
    path,
    samples,
    get stopped() {
      return stopped;
    },
    step() {
      if (stopped !== undefined) return;
      const t = samples.length;
      const [nx, ny] = o.noise > 0 ? normal(foldIn(noiseKey, t), [2], { std: o.noise }).data : [0, 0];
      let result: ReturnType<typeof step>;
      try {
        result = step(params, state, nx ?? 0, ny ?? 0);
      } catch (e) {
        stopped = `stopped: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const [next, nextState, value, g] = result;
      const gx = toNumber(g.x);
      const gy = toNumber(g.y);
      samples.push({ step: t, loss: toNumber(value), gradNorm: Math.hypot(gx, gy) });
      const point = { x: toNumber(next.x), y: toNumber(next.y) };
      if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) {
        stopped = 'diverged (non-finite point)';
        return;
      }
      params = next;
      state = nextState;
      path.push(point);
    },
  };
};

/** createRunner(o): a runner of the optimizer `o.id` with its learning rate and schedule. */
export const createRunner = (o: RunnerOptions): Runner =>
  withOptimizer(o.id, schedule(o.schedule, o.lr), (opt) => typedRunner(opt, o));
