/**
 * optim: optimizers as pure state transitions (Optax's design, PyTorch's semantics). Needs only core.
 */
export {
  type StateKind,
  type StateOf,
  type OptState,
  type GradientTransformation,
  type EmptyKind,
  type EmptyState,
  type CountKind,
  type CountState,
  type Count,
} from './transformation.js';
export { stateless } from './stateless.js';
export { type ChainKind, type ChainState, type Transformations, type IdentityKind, chain, identity } from './chain.js';
export { applyUpdates } from './apply.js';
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
} from './tree-api.js';
export {
  type Schedule,
  type StepDecayOptions,
  type ExponentialDecayOptions,
  type CosineDecayOptions,
  type LinearWarmupOptions,
  type InverseTimeDecayOptions,
  type PiecewiseConstantOptions,
  type JoinSchedulesOptions,
  constant,
  stepDecay,
  exponentialDecay,
  cosineDecay,
  linearWarmup,
  inverseTimeDecay,
  piecewiseConstant,
  joinSchedules,
} from './schedules.js';
export {
  type LearningRateState,
  type LearningRateKind,
  type LearningRateOptions,
  scale,
  scaleBySchedule,
  scaleByLearningRate,
  currentLearningRate,
} from './transforms/scale.js';
export {
  type TraceState,
  type TraceKind,
  type TraceOptions,
  type EmaState,
  type EmaKind,
  type EmaOptions,
  trace,
  ema,
} from './transforms/trace.js';
export { type ScaleByRmsState, type ScaleByRmsKind, type ScaleByRmsOptions, scaleByRms } from './transforms/rms.js';
export {
  type ScaleByAdamState,
  type ScaleByAdamKind,
  type ScaleByAdamOptions,
  scaleByAdam,
} from './transforms/adam.js';
export {
  type ScaleByAdagradState,
  type ScaleByAdagradKind,
  type ScaleByAdagradOptions,
  scaleByAdagrad,
} from './transforms/adagrad.js';
export {
  type ScaleByLionState,
  type ScaleByLionKind,
  type ScaleByLionOptions,
  scaleByLion,
} from './transforms/lion.js';
export {
  type ScaleByFactoredRmsState,
  type ScaleByFactoredRmsKind,
  type ScaleByFactoredRmsOptions,
  scaleByFactoredRms,
} from './transforms/factored.js';
export { clipByBlockRms, scaleByParamBlockRms } from './transforms/leaf-rms.js';
export { addDecayedWeights, coupledWeightDecay, addRateDecayedWeights } from './transforms/weight-decay.js';
export { clipByGlobalNorm, clipByValue } from './transforms/clip.js';
export { type ApplyIfFiniteState, type ApplyIfFiniteKind, applyIfFinite } from './transforms/finite.js';
export { type MaskTree, type Mask, type MaskedState, type MaskedKind, masked, setToZero } from './transforms/masked.js';
export { type MultiStepsState, type MultiStepsKind, multiSteps } from './transforms/multi-steps.js';
export {
  type LearningRate,
  type SgdKind,
  type SgdOptions,
  type MomentumOptions,
  type EmaMomentumKind,
  type EmaMomentumOptions,
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
} from './aliases.js';
export {
  type LionKind,
  type LionOptions,
  type AdafactorKind,
  type AdafactorOptions,
  lion,
  adafactor,
} from './aliases-light.js';
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
  LionConfig,
  AdafactorConfig,
  optimizerNames,
  decodeOptimizerConfig,
} from './codecs.js';
export { type ConfiguredState, type ConfiguredKind, fromConfig, decodeOptimizer } from './configured.js';
