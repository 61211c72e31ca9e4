/** train: training as a fold of pure steps, with history, early stopping, evaluation, smoothing, checkpoints as text (on disk: gradfold/node). */
export { type Carry, type StepMetrics, type BatchLoss, initCarry, trainStep } from './step.js';
export { type FitOptions, type FitCallbacks, type FitPlan, type FitStep, type FitResult, fit, fitSteps } from './fit.js';
export { type History, emptyHistory } from './history.js';
export { type EarlyStop, type StopReason } from './early-stop.js';
export { accuracy, meanLoss } from './evaluate.js';
export { ewma } from './smoothing.js';
export { type Checkpoint, encodeCheckpoint, decodeCheckpoint } from './checkpoint.js';
