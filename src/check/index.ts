/** The gradient checker users can run in their own tests (the fast-check generators: gradfold/testing). */
export { type CheckGradsOptions, type CheckGradsReport, GradCheckError, checkGrads } from './check-grads.js';
