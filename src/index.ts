/**
 * gradfold: the one public door. Everything a user needs is exported from here, grouped by layer.
 */

// core: dtypes, shapes, tensors, randomness, trees
export type { DType, TypedArray } from './core/dtype.ts';
export { type Shape, ShapeError, broadcastShapes, sizeOf } from './core/shape.ts';
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
} from './core/tensor.ts';
export { type Indices, type IndicesLike } from './core/indices.ts';
export { type Key, key, split, foldIn, uniform, normal, permutation } from './core/random.ts';
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
} from './core/tree.ts';

// autodiff
export { type GradOptions, type Pullback, vjp, grad, valueAndGrad, stopGradient, stopGradientTree } from './autodiff/grad.ts';
export { cast } from './autodiff/accumulate.ts';
export { NonFiniteError } from './autodiff/nan.ts';

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
} from './ops/arith.ts';
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
} from './ops/unary.ts';
export { pow, maximum, minimum, clip } from './ops/binary.ts';
export { type AxisOptions, sum, broadcastTo, reshape, transpose, expandDims, squeeze } from './ops/structural.ts';
export { mean, max, min, prod, logSumExp } from './ops/reduce.ts';
export { matmul, dot } from './ops/linalg.ts';
export { slice, concat, stack, gather, takeAlongAxis } from './ops/layout.ts';
export { type SoftmaxOptions, softmax, logSoftmax } from './ops/softmax.ts';
export { argmax } from './ops/argmax.ts';

// losses
export { mse, mae, huber } from './losses/regression.ts';
export { softmaxCrossEntropy, softmaxCrossEntropyOneHot, binaryCrossEntropyWithLogits } from './losses/classification.ts';

// forward mode, whole derivatives, custom rules
export { jvp } from './autodiff/jvp.ts';
export { jacobian, jacrev, jacfwd, hessian, hvp } from './autodiff/jacobian.ts';
export { customVjp } from './autodiff/custom.ts';

// compilation: trace once per argument signature, run straight-line JavaScript
export * from './jit/index.ts';
export { TracedValueError } from './core/staging.ts';

// gradient checking and property-test generators
export * from './check/index.ts';

// optimizers: pure state transitions
export * from './optim/index.ts';

// data and training
export * from './data/index.ts';
export * from './train/index.ts';
export * from './report/index.ts';
