/** The solvers: L-BFGS (PyTorch's), as re-exports of the files that define them. */
export { type Lbfgs, type LbfgsStep, type LbfgsStop, type ValueAndGradient, lbfgs } from './lbfgs.js';
export type { LbfgsOptions, LbfgsSettings, LineSearch } from './lbfgs-options.js';
export type { LbfgsState } from './lbfgs-state.js';
export {
  type LeastSquaresOptions,
  type LeastSquaresReason,
  type LeastSquaresResult,
  type LeastSquaresStatus,
  leastSquares,
} from './least-squares.js';
export {
  type BoundTree,
  type Bounds,
  type MinimizeMethod,
  type MinimizeOptions,
  type MinimizeResult,
  type MinimizeStatus,
  minimize,
} from './minimize.js';
