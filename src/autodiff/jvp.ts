/**
 * Forward mode by transposition. The pullback u ↦ Jᵀu that `vjp` returns is linear in u and written in
 * differentiable ops, so differentiating it once more in reverse gives its transpose v ↦ Jv: the
 * Jacobian-vector product, exact, for every op that has a reverse rule, at the cost of O(1) passes.
 */
import { type Tensor, asTensor, zeros } from '../core/tensor.js';
import { ShapeError, shapeEqual, showShape } from '../core/shape.js';
import { isNumberLike, numberLeaf } from '../core/staging.js';
import { type Accepts, type Leaf, type Like, leafPaths, leaves, unflatten, withTensorLeaves } from '../core/tree.js';
import { type GradOptions, vjp } from './grad.js';

/** A leaf of a tangent or cotangent read as a tensor of the primal's dtype and shape (numbers → scalars). */
const tangentLeaf = (op: string, t: Leaf | undefined, primal: Tensor, path: string): Tensor => {
  const v = asTensor(t ?? 0, primal.dtype);
  if (!shapeEqual(v.shape, primal.shape)) {
    throw new ShapeError(op, `tangent${path} has shape ${showShape(v.shape)}, the primal ${showShape(primal.shape)}`);
  }
  return v;
};

/**
 * Flattens f to a function of the list of its input leaves returning the list of its output leaves. Both
 * lists hold tensors; numbers among the primals become scalars.
 */
export const flatten = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
): { readonly xs: Tensor[]; readonly fFlat: (xs: readonly Tensor[]) => Tensor[] } => ({
  xs: leaves(primals).map((l) => asTensor(l)),
  fFlat: (xs) => leaves(f(withTensorLeaves<T>(primals, xs))).map((l) => asTensor(l)),
});

/** jvp over flat lists: [f(xs), J·vs] with both outputs as lists of tensors. */
export const jvpFlat = (
  fFlat: (xs: readonly Tensor[]) => readonly Tensor[],
  xs: readonly Tensor[],
  vs: readonly Tensor[],
  options: GradOptions = {},
): [readonly Tensor[], readonly Tensor[]] => {
  const [ys, pullback] = vjp(fFlat, xs, options);
  const [, transposed] = vjp(
    (us: readonly Tensor[]) => pullback(us),
    ys.map((y) => zeros(y.shape, { dtype: y.dtype })),
    options,
  );
  return [ys, transposed(vs)];
};

/**
 * jvp(f, x, v) = [f(x), J_f(x)·v]: the value and the directional derivative of f at x along v (a tree like x).
 * The tangent out is shaped like f(x). Exact; costs one forward and two reverse passes.
 *
 * @example
 * jvp((x: Tensor) => mul(x, x), tensor([1, 2]), tensor([1, 0])); // [[1, 4], [2, 0]]
 */
export const jvp = <T, P extends Accepts<T>, Y>(
  f: (x: T) => Y,
  primals: P,
  tangents: Like<P>,
  options: GradOptions = {},
): [Like<Y>, Like<Y>] => {
  let structure: Y | undefined;
  const { xs, fFlat } = flatten((x: T) => {
    structure = f(x);
    return structure;
  }, primals);
  const paths = leafPaths(primals);
  const vs = leaves(tangents);
  if (vs.length !== xs.length) throw new ShapeError('jvp', `${vs.length} tangent leaves for ${xs.length} primal leaves`);
  const [ys, jv] = jvpFlat(
    fFlat,
    xs,
    xs.map((x, i) => tangentLeaf('jvp', vs[i], x, paths[i] ?? '')),
    options,
  );
  if (structure === undefined) throw new Error('internal: jvp did not evaluate f');
  const shape = structure;
  const numberAt = leaves(shape).map(isNumberLike);
  const rebuild = (ts: readonly Tensor[]): Like<Y> =>
    unflatten(shape, ts.map((t, i) => (numberAt[i] === true ? numberLeaf(t) : t)));
  return [rebuild(ys), rebuild(jv)];
};
