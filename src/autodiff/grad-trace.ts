/**
 * The tracing under vjp, grad and valueAndGrad: f evaluated on a fresh tape at its arguments (the tree of one
 * argument, or the positions argnums picks of an argument list), and the pullback from flat output cotangents
 * to cotangents shaped like the differentiated arguments.
 */
import { ArgumentError } from '../core/errors.js';
import { type Tensor, asTensor, zeros } from '../core/tensor.js';
import { isNumberLike, numberLeaf, strong } from '../core/stage.js';
import { type Accepts, type Leaf, type Like, mapTensors, unflatten, withTensorLeaves } from '../core/tree.js';
import { type Picked, checkInRange, withChosen } from './argnums.js';
import { checkedLeaves } from './arguments.js';
import { backward } from './backward.js';
import { Batched } from './batched.js';
import { type Tape, type TapeOptions, Tracer, lower, withTape } from './tape.js';

/** The gradient leaf for an input leaf: a tensor for a tensor; a number for a number (when it is concrete). */
const gradLeaf = (input: Leaf, ct: Tensor | undefined): Leaf => {
  if (typeof input === 'number' || isNumberLike(input)) {
    if (ct === undefined) return 0;
    if (ct instanceof Batched) return ct; // differs between the examples of a vmap: a tensor, mapped on the way out
    if (ct instanceof Tracer) {
      throw new ArgumentError(
        'grad',
        'the gradient of a plain-number input depends on an enclosing grad call; pass scalar(x) instead of a number',
      );
    }
    return numberLeaf(ct);
  }
  return ct ?? zeros(input.shape, { dtype: input.dtype });
};

/** The input cotangents (like the primals) for output cotangents `cts` (one per output leaf, already checked). */
const pullbackAt = <P>(
  tape: Tape,
  primals: P,
  inputLeaves: readonly Leaf[],
  tracers: readonly Tracer[],
  outLeaves: readonly Tensor[],
  cts: readonly Tensor[],
): Like<P> => {
  const seeds: [number, Tensor][] = [];
  for (let i = 0; i < outLeaves.length; i++) {
    const y = outLeaves[i];
    const u = cts[i];
    if (y === undefined || u === undefined) throw new Error('internal: fewer cotangents than outputs');
    if (y instanceof Tracer && y.tape === tape) seeds.push([y.id, u]);
  }
  const ct = backward(tape, seeds);
  return unflatten(
    primals,
    inputLeaves.map((l, i) => gradLeaf(l, ct[tracers[i]?.id ?? -1])),
  );
};

/** f traced at the primals on its own tape: its output, lowered, and the pullback of flat output cotangents. */
export interface Traced<Y, P> {
  /** f(primals), with the values of this call's tape lowered (the tracers of outer calls kept). */
  readonly value: Y;
  /** f's raw output (tracers included): the structure a cotangent tree must have. */
  readonly out: Y;
  /** Output cotangents, one tensor per output leaf in `leaves` order, shaped and typed like it (unchecked). */
  readonly pull: (cts: readonly Tensor[]) => Like<P>;
}

/**
 * The work of vjp, for gradfold's own callers: f at `primals` on a fresh tape, and a pullback taking flat,
 * already checked cotangents. `op` names the public function in the errors about the primals and the output.
 */
export const traceVjp = <T, P extends Accepts<T>, Y>(
  op: string,
  f: (x: T) => Y,
  primals: P,
  options: TapeOptions,
): Traced<Y, P> => traceWith(op, f, primals, (p, ts) => withTensorLeaves<T>(p, ts), options);

/** traceVjp with the traced argument built by `rebuild` (the primals' structure with the tape's tracers as leaves). */
const traceWith = <X, P, Y>(
  op: string,
  f: (x: X) => Y,
  primals: P,
  rebuild: (primals: P, tracers: readonly Tensor[]) => X,
  options: TapeOptions,
): Traced<Y, P> =>
  withTape(options, (tape) => {
    const inputLeaves = checkedLeaves(op, 'argument', primals);
    const tracers = inputLeaves.map((l) => tape.input(strong(asTensor(l))));
    const out = f(rebuild(primals, tracers));
    const outLeaves = checkedLeaves(op, 'output of f', out).map((l) => asTensor(l));
    const value = mapTensors(out, (t) => lower(t, tape));
    return { value, out, pull: (cts) => pullbackAt(tape, primals, inputLeaves, tracers, outLeaves, cts) };
  });

/**
 * The one place this module states a type TypeScript cannot follow: f's argument list rebuilt with tracers at
 * the positions argnums picks (the rest are the caller's own values, so the list is an A). The gradients'
 * types come from the overloads of grad, valueAndGrad and vjp, which state them after argnums.
 */
const retype = <R>(value: unknown): R => value as R;

/**
 * f traced at the call's arguments `args` with the positions `picked` names differentiated (see traceVjp):
 * one chosen argument is the tree differentiated itself (so paths in errors read as before); several form a
 * list. The pullback returns one gradient or the list of them.
 */
export const traceArgs = <A extends readonly unknown[], Y>(
  op: string,
  f: (...args: A) => Y,
  args: readonly unknown[],
  picked: Picked,
  options: TapeOptions,
): Traced<Y, unknown> => {
  checkInRange(op, picked, args.length);
  if (picked.tuple) for (const n of picked.indices) checkedLeaves(op, `argument ${n}`, args[n]);
  const chosen = picked.indices.map((n) => args[n]);
  const primal = picked.tuple ? chosen : chosen[0];
  const call = (x: Like<unknown>): Y =>
    f(...retype<A>(withChosen(args, picked, picked.tuple && Array.isArray(x) ? x : [x])));
  return traceWith(op, call, primal, unflatten, options);
};
