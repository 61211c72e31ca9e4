/**
 * Early stopping rules, checked at the end of every epoch on the epoch's mean loss (or on each step's loss).
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkInteger, checkOptions } from '../data/arguments.js';

/** When to stop before the last epoch. */
export interface EarlyStop {
  /** Stop once the loss falls below this tolerance (the seeds use 1e-5). */
  readonly lossBelow?: number;
  /** Which loss `lossBelow` reads: each step's, or each epoch's mean (default 'epoch'). */
  readonly on?: 'step' | 'epoch';
  /** Stop after this many epochs without an improvement of the best epoch loss by more than minDelta. */
  readonly patience?: number;
  /**
   * The least decrease that counts as an improvement for `patience`: improved when loss < best − minDelta
   * (default 0; ≥ 0).
   */
  readonly minDelta?: number;
}

/**
 * Why a run ended: 'epochs' (every epoch done), 'lossBelow' or 'patience' (an early-stop rule fired), or
 * 'nonFinite' (a step's loss or gradient norm was NaN or ±Infinity; its update was not applied).
 */
export type StopReason = 'epochs' | 'lossBelow' | 'patience' | 'nonFinite';

/** The running state of the patience rule. */
export interface PatienceState {
  readonly best: number;
  readonly since: number;
}

/** The patience state after an epoch with mean loss `loss`. */
export const nextPatience = (s: PatienceState, loss: number, minDelta: number): PatienceState =>
  loss < s.best - minDelta ? { best: loss, since: 0 } : { best: s.best, since: s.since + 1 };

const earlyStopKeys: KeySet<EarlyStop> = { lossBelow: true, on: true, patience: true, minDelta: true };

/**
 * checkEarlyStop(where, rule): an early-stop rule of known keys, each of its kind and range; else an
 * ArgumentError naming the field and its value (`fit: earlyStop: patience: expected a positive integer, got 0`).
 */
export const checkEarlyStop = (where: string, e: EarlyStop): void => {
  checkOptions(where, e, earlyStopKeys, '');
  const atLeastZero = (name: string, v: unknown): void => {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && !Number.isNaN(v)))
      throw new ArgumentError(where, `${name}: expected a number ≥ 0, got ${describeValue(v)}`);
  };
  atLeastZero('lossBelow', e.lossBelow);
  atLeastZero('minDelta', e.minDelta);
  if (e.on !== undefined && e.on !== 'step' && e.on !== 'epoch')
    throw new ArgumentError(where, `on: expected 'step' or 'epoch', got ${describeValue(e.on)}`);
  if (e.patience !== undefined) checkInteger(where, 'patience', e.patience, 1);
};
