/**
 * The record of a run: per step (loss, gradient norm, learning rate, epoch) and per epoch (mean step loss).
 * Plain readonly arrays of numbers, so it checkpoints with the carry.
 */
import { elementAt } from '../core/invariant.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { StepMetrics } from './step.js';

/** A run's history. */
export interface History {
  /** Each step's loss on its batch, before the update, indexed by step. */
  readonly stepLoss: readonly number[];
  /** Each step's gradient norm ‖g‖₂ over the whole parameter tree, indexed by step. */
  readonly gradNorm: readonly number[];
  /** Each step's learning rate, indexed by step; NaN where the optimizer has no learning rate. */
  readonly learningRate: readonly number[];
  /** Each step's epoch (from 0), indexed by step. */
  readonly stepEpoch: readonly number[];
  /** Mean of the step losses of each completed epoch. */
  readonly epochLoss: readonly number[];
}

/** The history of a run that has not started. */
export const emptyHistory: History = { stepLoss: [], gradNorm: [], learningRate: [], stepEpoch: [], epochLoss: [] };

const historyKeys = ['stepLoss', 'gradNorm', 'learningRate', 'stepEpoch', 'epochLoss'] as const;

/** checkHistory(where, h): h is a History (five arrays of numbers), else an ArgumentError naming the field. */
export const checkHistory = (where: string, h: History): void => {
  if (typeof h !== 'object' || h === null)
    throw new ArgumentError(where, `history: expected a History (e.g. emptyHistory), got ${describeValue(h)}`);
  for (const k of historyKeys) {
    const v: unknown = h[k];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number'))
      throw new ArgumentError(where, `history.${k}: expected an array of numbers, got ${describeValue(v)}`);
  }
};

/** A history under construction: appended to during a run (O(1) per step), frozen into a History at the end. */
export class HistoryBuilder {
  private readonly stepLoss: number[];
  private readonly gradNorm: number[];
  private readonly learningRate: number[];
  private readonly stepEpoch: number[];
  private readonly epochLoss: number[];

  constructor(from: History = emptyHistory) {
    this.stepLoss = [...from.stepLoss];
    this.gradNorm = [...from.gradNorm];
    this.learningRate = [...from.learningRate];
    this.stepEpoch = [...from.stepEpoch];
    this.epochLoss = [...from.epochLoss];
  }

  /** Records one step. */
  step(m: StepMetrics): void {
    this.stepLoss.push(m.loss);
    this.gradNorm.push(m.gradNorm);
    this.learningRate.push(m.learningRate ?? NaN);
    this.stepEpoch.push(m.epoch);
  }

  /** Closes epoch `epoch`: its loss is the mean of the losses of its steps. Returns that mean. */
  closeEpoch(epoch: number): number {
    let sum = 0;
    let n = 0;
    for (let i = this.stepEpoch.length - 1; i >= 0 && this.stepEpoch[i] === epoch; i--) {
      sum += elementAt(this.stepLoss, i);
      n += 1;
    }
    const mean = n === 0 ? NaN : sum / n;
    this.epochLoss.push(mean);
    return mean;
  }

  /** A snapshot (copies). */
  freeze(): History {
    return {
      stepLoss: [...this.stepLoss],
      gradNorm: [...this.gradNorm],
      learningRate: [...this.learningRate],
      stepEpoch: [...this.stepEpoch],
      epochLoss: [...this.epochLoss],
    };
  }
}
