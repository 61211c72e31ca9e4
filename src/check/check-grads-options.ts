/** What `checkGrads` may be told: its order, modes, step, tolerances, randomness and sampling. */
import type { Key } from '../core/random.js';

/** Options of checkGrads (an unknown key or a value out of range is an ArgumentError). */
export interface CheckGradsOptions {
  /** 1: first derivatives; 2: also second derivatives (default 1). */
  readonly order?: 1 | 2;
  /** Which modes to check, a non-empty list of 'fwd' and 'rev' (default both). */
  readonly modes?: readonly ('fwd' | 'rev')[];
  /** Finite-difference step, a finite number > 0 (default 1e-5). */
  readonly eps?: number;
  /** Absolute tolerance, a finite number ≥ 0 (default 1e-6). */
  readonly atol?: number;
  /** Relative tolerance, a finite number ≥ 0 (default 1e-5). */
  readonly rtol?: number;
  /** Key for the random directions and cotangents (default key(0)). */
  readonly key?: Key;
  /** Random directions in forward mode, an integer from 1 to 1,000,000 (default 2). */
  readonly directions?: number;
  /** Elements of each input checked one by one in reverse mode before sampling, an integer ≥ 1 (default 64). */
  readonly maxElements?: number;
}
