/** train: training as a fold of pure steps, with history, early stopping, evaluation, smoothing, checkpoints. */
export { type Carry, type StepMetrics, type BatchLoss, initCarry, trainStep } from './step.ts';
export { type FitOptions, type FitStep, type FitResult, fit, fitSteps } from './fit.ts';
export { type History, emptyHistory } from './history.ts';
export { type EarlyStop, type StopReason } from './early-stop.ts';
export { type ProgressOption } from './progress.ts';
export { accuracy, meanLoss } from './evaluate.ts';
export { ewma } from './smoothing.ts';
export { type Checkpoint, saveCheckpoint, loadCheckpoint } from './checkpoint.ts';
