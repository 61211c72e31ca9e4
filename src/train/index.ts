/**
 * train: training as a fold of pure steps, with history, early stopping, evaluation, smoothing, checkpoints as text
 * (on disk: gradfold/node).
 */
export { type Carry, type StepMetrics, type BatchLoss, initCarry, trainStep } from './step.js';
export { jitTrainStep } from './jit-step.js';
export {
  type FitOptions,
  type FitCallbacks,
  type FitPlan,
  type FitStep,
  type FitResult,
  type ParamsFor,
  fit,
  fitSteps,
} from './fit.js';
export { type History, emptyHistory } from './history.js';
export { type EarlyStop, type StopReason } from './early-stop.js';
export { type EvaluateOptions, accuracy, meanLoss } from './evaluate.js';
export { type EwmaOptions, ewma } from './smoothing.js';
export { type Checkpoint, encodeCheckpoint, decodeCheckpoint } from './checkpoint.js';
