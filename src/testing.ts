/**
 * gradfold/testing: fast-check arbitraries for property tests of differentiable code (shapes, broadcastable
 * shape pairs, tensors whose values keep to a domain). fast-check is a peer dependency: these generators are
 * built with your own copy, so they fit your `fc.property`. `checkGrads` is in the root.
 *
 * @module gradfold/testing
 */
export {
  type ShapeConstraints,
  type ValueConstraints,
  shapeArb,
  broadcastShapesArb,
  valueArb,
  tensorArb,
  positiveTensorArb,
  anyTensorArb,
} from './check/arbitraries.js';
