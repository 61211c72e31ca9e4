/**
 * User-defined reverse rules. `customVjp(f, rule)` makes an op whose forward pass is f and whose
 * vector-Jacobian product is `rule` instead of the derivative of f's own ops: a stable formula, a
 * straight-through estimator, gradient clipping inside the graph. Written in gradfold ops, the rule is
 * itself differentiated under nested `grad`.
 */
import { type Tensor, type TensorLike, asTensor } from '../core/tensor.js';
import { type Primitive, bind } from './tape.js';

/**
 * customVjp(f, rule, name?) returns f with the reverse rule `rule`: for y = f(x₁, …, xₙ), the cotangent of xᵢ
 * is rule(ḡ, [x₁, …, xₙ], y)[i] (null: no cotangent). The forward computation runs on concrete values, so
 * f's own ops are not recorded; only the rule defines the derivative, at every order.
 * @example
 * // straight-through estimator: round in the forward pass, identity in the backward pass
 * const roundST = customVjp((x: Tensor) => tensor(x.data.map(Math.round), { shape: x.shape }), (g) => [g]);
 */
export const customVjp = <A extends readonly Tensor[]>(
  f: (...xs: A) => Tensor,
  rule: (g: Tensor, inputs: A, out: Tensor) => { readonly [K in keyof A]: Tensor | null },
  name = 'customVjp',
): ((...xs: { readonly [K in keyof A]: TensorLike }) => Tensor) => {
  const arity = f.length;
  /** The inputs a primitive receives are the arguments it was bound with: check their number. */
  const isArgs = (xs: readonly Tensor[]): xs is A => arity === 0 || xs.length === arity;
  const args = (xs: readonly Tensor[]): A => {
    if (!isArgs(xs)) throw new TypeError(`${name}: expected ${arity} arguments, got ${xs.length}`);
    return xs;
  };
  const prim: Primitive<null> = {
    name,
    impl: (xs) => f(...args(xs)),
    vjp: (g, node) => {
      const cts: readonly (Tensor | null)[] = rule(g, args(node.inputs), node.out);
      if (cts.length !== node.inputs.length) {
        throw new Error(`${name}: the custom rule returned ${cts.length} cotangents for ${node.inputs.length} inputs`);
      }
      return cts;
    },
  };
  return (...xs) => bind(prim, args(xs.map((x) => asTensor(x))), null);
};
