/** The test problems as library losses, differentiated by `grad` (the optimizers see only gradients). */
import { type Tensor, add, grad, mul, square, sub, sum, tensor } from '../../src/index.ts';
import { bowlA, bowlC, bowlStart, rosenStart } from './reference.ts';

/** Bowl parameters: one tensor leaf. */
export interface BowlParams {
  readonly w: Tensor;
}
export const bowl = (p: BowlParams): Tensor => sum(mul(tensor(bowlA), square(sub(p.w, tensor(bowlC)))));
export const bowlGradient = grad(bowl);
export const bowlParams: BowlParams = { w: tensor([...bowlStart]) };

/** Rosenbrock parameters: two number leaves. */
export interface RosenParams {
  readonly x: number;
  readonly y: number;
}
export const rosenbrock = (p: { readonly x: Tensor; readonly y: Tensor }): Tensor =>
  add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));
export const rosenGradient = (p: RosenParams): RosenParams => grad(rosenbrock)(p);
export const rosenParams: RosenParams = { x: rosenStart[0] ?? NaN, y: rosenStart[1] ?? NaN };
