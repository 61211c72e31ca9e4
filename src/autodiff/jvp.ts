/**
 * Forward mode by transposition. The pullback u ↦ Jᵀu that `vjp` returns is linear in u and written in
 * differentiable ops, so differentiating it once more in reverse gives its transpose v ↦ Jv: the
 * Jacobian-vector product, exact, for every op that has a reverse rule, at the cost of O(1) passes.
 */
import { type Tensor, asTensor, zeros } from '../core/tensor.js';
import { isNumberLike, numberLeaf } from '../core/stage.js';
import { type Accepts, type Like, leaves, unflatten, withTensorLeaves } from '../core/tree.js';
import { checkFunction, checkOptions, checkedLeaves, matchLeaves } from './arguments.js';
import { type GradOptions, traceVjp } from './grad.js';

/**
 * Flattens f to a function of the list of its input leaves returning the list of its output leaves. Both
 * lists hold tensors; numbers among the primals become scalars. `op` names the public function in the errors
 * about a primal or an output that is not a tree of tensors and numbers.
 */
export const flatten = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
  op = 'checkGrads',
): { readonly xs: Tensor[]; readonly fFlat: (xs: readonly Tensor[]) => Tensor[] } => ({
  xs: checkedLeaves(op, 'argument', primals).map((l) => asTensor(l)),
  fFlat: (xs) => checkedLeaves(op, 'output of f', f(withTensorLeaves<T>(primals, xs))).map((l) => asTensor(l)),
});

/** jvp over flat lists: [f(xs), J·vs] with both outputs as lists of tensors (vs shaped and typed like xs). */
export const jvpFlat = (
  fFlat: (xs: readonly Tensor[]) => readonly Tensor[],
  xs: readonly Tensor[],
  vs: readonly Tensor[],
  options: GradOptions = {},
  op = 'jvp',
): [readonly Tensor[], readonly Tensor[]] => {
  const first = traceVjp(op, fFlat, xs, options);
  const ys = first.value;
  const second = traceVjp(
    op,
    (us: readonly Tensor[]) => first.pull(us),
    ys.map((y) => zeros(y.shape, { dtype: y.dtype })),
    options,
  );
  return [ys, second.pull(vs)];
};

const tangentRoles = { op: 'jvp', what: 'tangent', against: 'a primal' };

/**
 * jvp(f, x, v) = [f(x), J_f(x)·v]: the value and the directional derivative of f at x along v (a tree like x:
 * the same keys, in any order, the same array lengths, and at each leaf a tensor of the primal's shape and
 * dtype or a number; a mismatch names the path). The tangent out is shaped like f(x). Exact; costs one forward
 * and two reverse passes.
 *
 * @example
 * jvp((x: Tensor) => mul(x, x), tensor([1, 2]), tensor([1, 0])); // [[1, 4], [2, 0]]
 */
export const jvp = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
  tangents: Like<P>,
  options?: GradOptions,
): [Like<Y>, Like<Y>] => {
  checkFunction('jvp', f);
  checkOptions('jvp', options);
  let structure: Y | undefined;
  const { xs, fFlat } = flatten(
    (x: T) => {
      structure = f(x);
      return structure;
    },
    primals,
    'jvp',
  );
  const vs = matchLeaves(tangentRoles, primals, tangents);
  const [ys, jv] = jvpFlat(fFlat, xs, vs, options ?? {});
  if (structure === undefined) throw new Error('internal: jvp did not evaluate f');
  const shape = structure;
  const numberAt = leaves(shape).map(isNumberLike);
  const rebuild = (ts: readonly Tensor[]): Like<Y> =>
    unflatten(
      shape,
      ts.map((t, i) => (numberAt[i] === true ? numberLeaf(t) : t)),
    );
  return [rebuild(ys), rebuild(jv)];
};
