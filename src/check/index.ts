/** The gradient checker and the property-test generators users can reuse in their own tests. */
export { type CheckGradsOptions, type CheckGradsReport, GradCheckError, checkGrads } from './check-grads.ts';
export {
  type ShapeConstraints,
  type ValueConstraints,
  shapeArb,
  broadcastShapesArb,
  valueArb,
  tensorArb,
  positiveTensorArb,
  anyTensorArb,
} from './arbitraries.ts';
