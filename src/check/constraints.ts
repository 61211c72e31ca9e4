/**
 * What the fast-check generators may be asked for: limits of generated shapes and of generated values. The
 * generators (arbitraries.ts) draw within them; arguments.ts checks them before fast-check sees them.
 */
import type { DType } from '../core/dtype.js';

/**
 * Limits of generated shapes (an unknown key, a bound that is no integer from 0 to 2³¹ − 1 or min > max: an
 * ArgumentError).
 */
export interface ShapeConstraints {
  /** Fewest axes, an integer ≥ 0 (default 0: scalars included). */
  readonly minRank?: number;
  /** Most axes, an integer ≥ minRank (default 3). */
  readonly maxRank?: number;
  /** Smallest extent of an axis, an integer ≥ 0 (default 1). */
  readonly minExtent?: number;
  /** Largest extent of an axis, an integer ≥ minExtent (default 4). */
  readonly maxExtent?: number;
}

/**
 * Value constraints of generated tensors (an unknown key, a bound of the wrong kind, min > max, or awayFrom ±
 * margin covering all of [min, max]: an ArgumentError).
 */
export interface ValueConstraints {
  /** Smallest value, finite (default −3). */
  readonly min?: number;
  /** Largest value, finite and ≥ min (default 3). */
  readonly max?: number;
  /** Points to stay away from (kinks, poles), finite, e.g. [0] for abs or relu. */
  readonly awayFrom?: readonly number[];
  /** The distance kept from each of `awayFrom`, finite and ≥ 0 (default 0.05). */
  readonly margin?: number;
  /** Element type (default float64). */
  readonly dtype?: DType;
}
