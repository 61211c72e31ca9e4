/**
 * The staging interface: all that the layers outside `src/jit/` (autodiff's `bind`, the eager compute
 * functions, the ops, vmap, the optimizers) know of the values jit traces. The machinery (the `Staged` class,
 * the trace and its equations) is in staging.ts, which only this module and `src/jit/` import
 * (test/staging-boundary.test.ts holds the code to that).
 *
 * - `isStaged(x)`: is x a value jit traces (known by shape and dtype, no elements)?
 * - `applyStaged(name, run, scalar, args)`: the one dispatch point. When an operand is staged, out = run(args)
 *   becomes an equation of its trace and the staged output is returned; otherwise null, and the caller computes.
 * - `isNumberLike(x)`, `numberLeaf(t)`, `strong(t)`: numbers while tracing. A number argument of a function
 *   jitted with `numbers: 'traced'`, and what number arithmetic makes of it, is a *weak* staged value standing
 *   for a JavaScript number (see staging.ts).
 *
 * The class is bound once to a module-local name here, the one copy of that workaround: under tsx (esbuild's
 * module transform) an imported class is a property read at every use, and `isStaged` runs on hot paths.
 */
import { elementAt } from './invariant.js';
import { Staged, type StagedScalar, stagingOf } from './staging.js';
import type { Tensor } from './tensor.js';

export { TracedValueError } from './staging.js';

const StagedClass = Staged;

/** A value jit traces: a tensor known by shape and dtype only (reading its elements throws a TracedValueError). */
export type StagedTensor = Staged;

/** True for a value jit traces (whatever its static type says: a traced number is typed `number`). */
export const isStaged = (x: unknown): x is StagedTensor => x instanceof StagedClass;

/** True for a plain number, or a traced value that stands for one (a weak value). */
export const isNumberLike = (x: unknown): boolean => typeof x === 'number' || (x instanceof StagedClass && x.weak);

/** x, a weak value standing for a number, as an ordinary (strong) traced value; any other tensor unchanged. */
export const strong = (x: Tensor): Tensor => (x instanceof StagedClass && x.weak ? x.withWeak(false) : x);

/**
 * The number a rank-0 tensor holds, as a leaf: its element when it is concrete; while tracing, the weak value
 * standing for it (so a function that returns numbers returns numbers from its jitted form too).
 */
export const numberLeaf = (t: Tensor): number | StagedTensor =>
  t instanceof StagedClass ? t.withWeak(true) : elementAt(t.data, 0);

/**
 * The one dispatch point of staging: out = run(args) recorded as an equation named `name` on the trace of the
 * staged operands, and its staged output returned; null when no operand is staged (the caller computes).
 * `run` is the array computation on concrete operands (run once on the trace's example values, to learn the
 * output's shape and dtype); `scalar` the same arithmetic on numbers, for rank-0 operands (or undefined).
 */
export const applyStaged = (
  name: string,
  run: (inputs: readonly Tensor[]) => Tensor,
  scalar: StagedScalar | undefined,
  args: readonly Tensor[],
): Tensor | null => stagingOf(args)?.apply(name, run, scalar, args) ?? null;
