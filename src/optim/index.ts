/**
 * optim: optimizers as pure state transitions (Optax's design, PyTorch's semantics). Needs only core.
 */
export {
  type StateKind,
  type StateOf,
  type GradientTransformation,
  type EmptyKind,
  type EmptyState,
  type CountKind,
  type CountState,
  stateless,
} from './transformation.ts';
export { type ChainKind, type ChainState, type Transformations, type IdentityKind, chain, identity } from './chain.ts';
export { applyUpdates } from './apply.ts';
export {
  treeAdd,
  treeSub,
  treeMul,
  treeDiv,
  treeScale,
  treeZeros,
  treeZerosLike,
  treeFullLike,
  treeSumOfSquares,
  globalNorm,
  treeAllFinite,
} from './tree-math.ts';
export {
  type Schedule,
  type StepDecayOptions,
  type ExponentialDecayOptions,
  type CosineDecayOptions,
  type LinearWarmupOptions,
  constant,
  stepDecay,
  exponentialDecay,
  cosineDecay,
  linearWarmup,
  inverseTimeDecay,
  piecewiseConstant,
  joinSchedules,
} from './schedules.ts';
export {
  type LearningRateState,
  type LearningRateKind,
  scale,
  scaleBySchedule,
  scaleByLearningRate,
  currentLearningRate,
} from './transforms/scale.ts';
export { type TraceState, type TraceKind, type TraceOptions, type EmaState, type EmaKind, trace, ema } from './transforms/trace.ts';
export { type ScaleByRmsState, type ScaleByRmsKind, type ScaleByRmsOptions, scaleByRms } from './transforms/rms.ts';
export { type ScaleByAdamState, type ScaleByAdamKind, type ScaleByAdamOptions, scaleByAdam } from './transforms/adam.ts';
export { type ScaleByAdagradState, type ScaleByAdagradKind, scaleByAdagrad } from './transforms/adagrad.ts';
export { addDecayedWeights, coupledWeightDecay } from './transforms/weight-decay.ts';
export { clipByGlobalNorm, clipByValue } from './transforms/clip.ts';
export { type ApplyIfFiniteState, type ApplyIfFiniteKind, applyIfFinite } from './transforms/finite.ts';
export { type MaskTree, type Mask, type MaskedState, type MaskedKind, maskFlags, masked, setToZero } from './transforms/masked.ts';
export { type MultiStepsState, type MultiStepsKind, multiSteps } from './transforms/multi-steps.ts';
export {
  type LearningRate,
  type SgdKind,
  type SgdOptions,
  type MomentumOptions,
  type EmaMomentumKind,
  type RmspropKind,
  type RmspropOptions,
  type AdamKind,
  type AdamOptions,
  type AdamwKind,
  type AdagradKind,
  type AdagradOptions,
  sgd,
  momentum,
  emaMomentum,
  rmsprop,
  adam,
  adamw,
  adagrad,
} from './aliases.ts';
export {
  type OptimizerConfig,
  type OptimizerName,
  SgdConfig,
  MomentumConfig,
  EmaMomentumConfig,
  RmspropConfig,
  AdamConfig,
  AdamwConfig,
  AdagradConfig,
  optimizerCodecs,
  optimizerNames,
  decodeOptimizerConfig,
} from './codecs.ts';
export { type ConfiguredState, type ConfiguredKind, fromConfig, decodeOptimizer } from './configured.ts';
