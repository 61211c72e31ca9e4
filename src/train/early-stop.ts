/**
 * Early stopping rules, checked at the end of every epoch on the epoch's mean loss (or on each step's loss).
 */

/** When to stop before the last epoch. */
export interface EarlyStop {
  /** Stop once the loss falls below this tolerance (the seeds use 1e-5). */
  readonly lossBelow?: number;
  /** Which loss `lossBelow` reads: each step's, or each epoch's mean (default 'epoch'). */
  readonly on?: 'step' | 'epoch';
  /** Stop after this many epochs without an improvement of the best epoch loss by more than minDelta. */
  readonly patience?: number;
  /** The least decrease that counts as an improvement for `patience`: improved when loss < best − minDelta (default 0; ≥ 0). */
  readonly minDelta?: number;
}

/** Why a run ended. */
export type StopReason = 'epochs' | 'lossBelow' | 'patience';

/** The running state of the patience rule. */
export interface PatienceState {
  readonly best: number;
  readonly since: number;
}

/** The patience state after an epoch with mean loss `loss`. */
export const nextPatience = (s: PatienceState, loss: number, minDelta: number): PatienceState =>
  loss < s.best - minDelta ? { best: loss, since: 0 } : { best: s.best, since: s.since + 1 };

/** Checks an early-stop configuration, naming the bad field. */
export const checkEarlyStop = (e: EarlyStop): void => {
  if (e.lossBelow !== undefined && !(e.lossBelow >= 0)) throw new RangeError(`earlyStop.lossBelow must be ≥ 0, got ${e.lossBelow}`);
  if (e.patience !== undefined && !(Number.isInteger(e.patience) && e.patience >= 1)) {
    throw new RangeError(`earlyStop.patience must be a positive integer, got ${e.patience}`);
  }
  if (e.minDelta !== undefined && !(e.minDelta >= 0)) throw new RangeError(`earlyStop.minDelta must be ≥ 0, got ${e.minDelta}`);
};
