/**
 * User-defined reverse rules. `customVjp(f, rule)` makes an op whose forward pass is f and whose
 * vector-Jacobian product is `rule` instead of the derivative of f's own ops: a stable formula, a
 * straight-through estimator, gradient clipping inside the graph. Written in gradfold ops, the rule is
 * itself differentiated under nested `grad`.
 *
 * A rule is the caller's code, so what it returns is checked like an argument: one cotangent per input, each a
 * tensor of its input's shape (or null for none). A wrong count, a wrong shape or an `undefined` names
 * customVjp, the input and both shapes, instead of surfacing as an internal error or a silent zero.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { ShapeError, shapeEqual, showShape } from '../core/shape.js';
import { type Tensor, type TensorLike, asTensor, isTensor } from '../core/tensor.js';
import { type Primitive, bind, userCode } from './tape.js';
import { plainTensor } from '../core/compute-scalar.js';
import { atFront } from '../ops/batching.js';
import { sum } from '../ops/structural.js';
import { vmap } from '../vmap/vmap.js';

/** The position of input i in messages: `input 0 (argument 1)`. */
const inputAt = (i: number): string => `input ${i} (argument ${i + 1})`;

/** Checks what a rule returned: an array of one Tensor or null per input, each of its input's shape. */
const checkCotangents = (where: string, cts: unknown, inputs: readonly Tensor[]): readonly (Tensor | null)[] => {
  if (!Array.isArray(cts)) {
    throw new ArgumentError(
      where,
      `the rule returned ${describeValue(cts)}; it must return an array of ${inputs.length} cotangent(s), ` +
        'one per input (null for none)',
    );
  }
  if (cts.length !== inputs.length) {
    throw new ArgumentError(
      where,
      `the rule returned ${cts.length} cotangent(s) for ${inputs.length} input(s); ` +
        'return one per input (null for none)',
    );
  }
  const out = new Array<Tensor | null>(cts.length);
  for (let i = 0; i < cts.length; i++) {
    const c: unknown = cts[i];
    const x = inputs[i];
    if (c === null || x === undefined) {
      out[i] = null;
      continue;
    }
    if (typeof c !== 'number' && !isTensor(c)) {
      throw new ArgumentError(
        where,
        `the rule's cotangent for ${inputs.length > 1 ? inputAt(i) : 'its input'} is ${describeValue(c)}, ` +
          'not a tensor (return null for no cotangent)',
      );
    }
    const t = asTensor(c, x.dtype);
    if (!shapeEqual(t.shape, x.shape)) {
      throw new ShapeError(
        where,
        `the rule's cotangent for ${inputAt(i)} has shape ${showShape(t.shape)}, ` +
          `expected the input's shape ${showShape(x.shape)}`,
      );
    }
    out[i] = t;
  }
  return out;
};

/**
 * customVjp(f, rule, name?) returns f with the reverse rule `rule`: for y = f(x₁, …, xₙ), the cotangent of xᵢ
 * is rule(ḡ, [x₁, …, xₙ], y)[i] (null: no cotangent), a tensor of xᵢ's shape. The forward computation runs on
 * concrete values, so f's own ops are not recorded; only the rule defines the derivative, at every order.
 * @example
 * // straight-through estimator: round in the forward pass, identity in the backward pass
 * const roundST = customVjp((x: Tensor) => tensor(x.data.map(Math.round), { shape: x.shape }), (g) => [g]);
 */
export const customVjp = <A extends readonly Tensor[]>(
  f: (...xs: A) => Tensor,
  rule: (g: Tensor, inputs: A, out: Tensor) => { readonly [K in keyof A]: Tensor | null },
  name = 'customVjp',
): ((...xs: { readonly [K in keyof A]: TensorLike }) => Tensor) => {
  if (typeof f !== 'function') throw new ArgumentError('customVjp', `f is ${describeValue(f)}, not a function`);
  if (typeof rule !== 'function')
    throw new ArgumentError('customVjp', `rule is ${describeValue(rule)}, not a function`);
  if (typeof name !== 'string') throw new ArgumentError('customVjp', `name is ${describeValue(name)}, not a string`);
  const where = name === 'customVjp' ? 'customVjp' : `customVjp ${name}`;
  const arity = f.length;
  /** The inputs a primitive receives are the arguments it was bound with: check their number. */
  const isArgs = (xs: readonly Tensor[]): xs is A => arity === 0 || xs.length === arity;
  const args = (xs: readonly Tensor[]): A => {
    if (!isArgs(xs)) throw new ArgumentError(where, `expected ${arity} argument(s), got ${xs.length}`);
    return xs;
  };
  const prim: Primitive<null> = {
    name,
    impl: (xs) => {
      const y: unknown = userCode(() => f(...args(xs.map(plainTensor))));
      if (typeof y === 'number') return asTensor(y);
      if (!isTensor(y)) throw new ArgumentError(where, `f returned ${describeValue(y)}, not a tensor`);
      return y;
    },
    // the rule sees ordinary tensors (never the tape's rank-0 ScalarTensor), and its ops make ordinary ones
    vjp: (g, node) => {
      const ins = args(node.inputs.map(plainTensor));
      return checkCotangents(
        where,
        userCode(() => rule(plainTensor(g), ins, plainTensor(node.out))),
        node.inputs,
      );
    },
    // f and the rule mapped over the batch (each sees one example, as they were written for), as a new rule
    // pair; an unmapped input's cotangent is the sum of its examples'.
    batch: ({ args: xs, dims }) => {
      const axes = dims.map((d) => (d === null ? null : 0));
      const fb = (...ys: Tensor[]): Tensor => vmap((...zs: Tensor[]) => f(...args(zs)), { inAxes: axes })(...ys);
      const ruleB = (g: Tensor, ins: readonly Tensor[], out: Tensor): readonly (Tensor | null)[] => {
        const perExample = vmap(
          (gi: Tensor, zs: readonly Tensor[], yi: Tensor) => checkCotangents(where, rule(gi, args(zs), yi), zs),
          {
            inAxes: [0, axes, 0],
          },
        )(g, ins, out);
        return perExample.map((c, i) => (c === null || axes[i] !== null ? c : sum(c, { axis: 0 })));
      };
      return [customVjp(fb, ruleB, name)(...xs.map((x, i) => atFront(x, dims[i] ?? null))), 0];
    },
  };
  return (...xs) => {
    const ts = new Array<Tensor>(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const x: unknown = xs[i];
      if (typeof x !== 'number' && !isTensor(x))
        throw new ArgumentError(where, `argument ${i + 1} is ${describeValue(x)}, not a tensor or a number`);
      ts[i] = asTensor(x);
    }
    return bind(prim, args(ts), null);
  };
};
