/**
 * gradfold: the package's root, everything that runs anywhere (Node, browsers, workers), grouped by layer.
 * No Node built-in and no `process` is in its import graph. The other doors: `gradfold/node` (files,
 * terminals), `gradfold/report` (charts; vega optional), `gradfold/testing` (fast-check generators).
 *
 * @module gradfold
 */

// errors: every error a caller can cause is a GradfoldError
export { GradfoldError, ArgumentError, DTypeError } from './core/errors.js';

// core: dtypes, shapes, tensors, randomness, trees
export type { DType, TypedArray } from './core/dtype.js';
export { type Shape, ShapeError, broadcastShapes, sizeOf } from './core/shape.js';
export {
  type Tensor,
  type TensorLike,
  type NestedArray,
  type DTypeOption,
  tensor,
  scalar,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  arange,
  linspace,
  eye,
  toArray,
  item,
  isTensor,
  asTensor,
} from './core/tensor.js';
export { type Indices, type IndicesLike } from './core/indices.js';
export { type Key, key } from './core/random.js';
export { split, foldIn, uniform, normal, permutation } from './ops/random.js'; // random draws vmap can map over keys
export {
  type Leaf,
  type Tree,
  type TreeOf,
  type Like,
  type Accepts,
  type Tensors,
  type Outer,
  leaves,
  leafPaths,
  treeMap,
  treeZipWith,
  treeMapN,
  treeReduce,
  unflatten,
} from './core/tree.js';

// autodiff
export type { TapeOptions } from './autodiff/tape.js';
export {
  type GradOptions,
  type Pullback,
  vjp,
  grad,
  valueAndGrad,
  stopGradient,
  stopGradientTree,
} from './autodiff/grad.js';
export type { Argnums, ArgnumsOption, ArgsAccepting, GradsOf } from './autodiff/argnums.js';
export { cast } from './autodiff/accumulate.js';
export { NonFiniteError } from './autodiff/nan.js';

// ops
export {
  add,
  sub,
  mul,
  div,
  neg,
  reciprocal,
  mulNoNan,
  where,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  notEqual,
  isFinite,
  isNaN,
} from './ops/arith.js';
export {
  exp,
  log,
  log1p,
  expm1,
  sin,
  cos,
  tanh,
  sigmoid,
  softplus,
  relu,
  leakyRelu,
  sqrt,
  square,
  abs,
  sign,
} from './ops/unary.js';
export { pow, maximum, minimum, clip } from './ops/binary.js';
export {
  type AxisOptions,
  type SqueezeOptions,
  sum,
  broadcastTo,
  reshape,
  transpose,
  expandDims,
  squeeze,
} from './ops/structural.js';
export type { AxisOption, RequiredAxisOption } from './ops/axis-option.js';
export { mean, max, min, prod, logSumExp } from './ops/reduce.js';
export { matmul, dot } from './ops/linalg.js';
export { slice, concat, stack, gather, takeAlongAxis } from './ops/layout.js';
export { type SoftmaxOptions, softmax, logSoftmax } from './ops/softmax.js';
export { argmax } from './ops/argmax.js';

// losses
export { type HuberOptions, mse, mae, huber } from './losses/regression.js';
export type { Reduction, ReductionOption } from './losses/reduction.js';
export {
  softmaxCrossEntropy,
  softmaxCrossEntropyOneHot,
  binaryCrossEntropyWithLogits,
} from './losses/classification.js';

// forward mode, whole derivatives, custom rules
export { jvp } from './autodiff/jvp.js';
export { jacobian, jacrev, jacfwd, hessian, hvp } from './autodiff/jacobian.js';
export { customVjp } from './autodiff/custom.js';

// vectorising maps: a function of one example run once on a whole batch
export { type VmapOptions, type AxisSpec, type Mapped, type MappedArgument, vmap } from './vmap/index.js';

// compilation: trace once per argument signature, run straight-line JavaScript
export * from './jit/index.js';
export { type Backend, type ComputeOptions, type ComputeInfo, configureCompute, computeInfo } from './wasm/config.js';
export { TracedValueError } from './core/stage.js';

// gradient checking
export * from './check/index.js';

// optimizers: pure state transitions
export * from './optim/index.js';

// data and training
export * from './data/index.js';
export * from './train/index.js';

// solvers: L-BFGS (torch.optim.LBFGS's algorithm), minimize, nonlinear least squares (MINPACK's lmder)
export * from './solve/index.js';

// composition: fp-ts's pipe, for pipelines such as pipe(ds, epochs(n), shuffle(key), batches(size))
export { pipe } from 'fp-ts/lib/function.js';
