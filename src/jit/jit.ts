/**
 * jit: trace a function once per argument signature into a straight-line JavaScript program, and run the
 * program on later calls. The tape, the tree walks and the per-op allocations of eager evaluation happen once,
 * while tracing; what runs afterwards is the arithmetic (rank-0 values as local numbers) and the array kernels.
 */
import { Tracer, isTransformedValue } from '../autodiff/tape.js';
import type { TypedArray } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { withRecycled } from '../core/recycle.js';
import { StagingTrace } from '../core/staging.js';
import { unheldArrays } from '../core/tensor-buffers.js';
import { isTensor } from '../core/tensor.js';
import { wasmContext } from '../wasm/config.js';
import { Emitter, type Helpers, baseHelpers } from './emitter.js';
import { emitEquations, outputExpression, stagedLeaves } from './program.js';
import { type NumberMode, isRecord, stageArgument } from './signature.js';

/** Options of `jit`. */
export interface JitOptions {
  /**
   * How many argument signatures keep a compiled program (the oldest is dropped first; default 16). A call
   * whose signature has no program traces f again and replaces the oldest: the cache never grows past this.
   */
  readonly maxSignatures?: number;
  /** Called with the source of each program generated (one per new signature): to read it, or count traces. */
  readonly onTrace?: (source: string) => void;
  /**
   * How the number leaves of the arguments (top-level numbers and numbers inside records and arrays) enter
   * the program. Default `'static'`.
   *
   * - `'static'`: a number's value is part of the signature, as in JAX's `static_argnums`. f sees the plain
   *   number, so every JavaScript use of it is right, branches included (`mode === 1 ? … : …`, `switch`,
   *   `typeof`, `Number.isInteger`); a call with another value traces f again. Right for modes, sizes and
   *   flags; a function called with ever-new numbers (a training step over number parameters or per-sample
   *   numbers) traces on every call and gains nothing from jit.
   * - `'traced'`: every number is a traced value, so one program serves all values (the fast per-sample step).
   *   The contract: f must not branch on a number argument with `===`, `!==`, `switch`, `typeof` or
   *   `Number.isInteger`, which JavaScript gives jit no way to see (the branch taken while tracing would be
   *   reused for every value). Coercing uses (`x * 2`, `x > 0`, `x == 1`, `Math.sqrt(x)`, a template string)
   *   throw a TracedValueError; compute with gradfold ops, and branch with `where`.
   */
  readonly numbers?: 'static' | 'traced';
  /**
   * Whether chains of elementwise ops over tensors of one shape (from 128 elements; 512 for a chain of two)
   * run as one fused WebAssembly kernel call each (default true; the WebAssembly backend only). The results
   * are the same bits either way: fusion only removes the passes, copies and allocations between the ops.
   */
  readonly fuse?: boolean;
  /**
   * Whether each compiled program reuses, on its next run, the arrays its last run made and its result does not
   * hold (the intermediates: a program runs no user code, so nothing else can see them once it returns), instead
   * of fresh ones (default false). The results are the same bits; what it saves is the page faults and the
   * collections of fresh arrays, which for large intermediates (vmap's per-example gradients inside a step) is
   * most of a step. Only arrays of at least `recycleMinimum` (16384) elements are kept, and they stay allocated
   * between calls, held by the jitted function (one set per signature), until it is collected.
   */
  readonly reuseArrays?: boolean;
}

const jitOptionKeys: KeySet<JitOptions> = {
  maxSignatures: true,
  onTrace: true,
  numbers: true,
  fuse: true,
  reuseArrays: true,
};

/** A compiled program: the result for arguments of its signature, or `helpers.miss`. */
type Program = (args: readonly unknown[]) => unknown;

/** The float arrays a program's last run made that its result does not hold: dead, for its next run to reuse. */
type Leftovers = Map<Program, readonly TypedArray[]>;

/**
 * program(args), reusing the arrays its last run left (see `JitOptions.reuseArrays`): the run is a
 * `withRecycled` scope offering them, and what it makes (recycled or fresh) less what its result holds is kept
 * for the next run. A run that misses (another signature) or throws leaves the kept set as it was: those arrays
 * are still dead.
 */
const runReusing = (program: Program, args: readonly unknown[], leftovers: Leftovers): unknown => {
  const made: TypedArray[] = [];
  const result = withRecycled(leftovers.get(program) ?? [], () => program(args), made);
  if (result !== helpers.miss) leftovers.set(program, unheldArrays(made, result));
  return result;
};

const helpers: Helpers = baseHelpers(isTransformedValue);

/**
 * True when a tree holds a leaf for which `test` holds (looking inside arrays and records; a node met twice,
 * as in a cycle, is looked at once). Iterative: a deep tree cannot overflow the stack.
 */
const holds = (root: unknown, test: (x: unknown) => boolean): boolean => {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (test(value)) return true;
    if (typeof value !== 'object' || value === null || isTensor(value) || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) for (const v of value) stack.push(v);
    else if (isRecord(value)) for (const v of Object.values(value)) stack.push(v);
  }
  return false;
};

/** True when a tree refers back to one of its own nodes (the result tree of a traced call must not). */
const cyclic = (value: unknown, ancestors = new Set<object>()): boolean => {
  if (typeof value !== 'object' || value === null || isTensor(value)) return false;
  if (ancestors.has(value)) return true;
  if (!Array.isArray(value) && !isRecord(value)) return false;
  ancestors.add(value);
  const found = Object.values(value).some((v) => cyclic(v, ancestors));
  ancestors.delete(value);
  return found;
};

const isTracer = (x: unknown): boolean => x instanceof Tracer;

/**
 * The static type of what the traced function and the compiled program produce. The program rebuilds the
 * traced result with the same structure and the same kind of leaf (a number where f returned a number, a
 * tensor where it returned a tensor), which TypeScript cannot see through generated code: this is the one
 * place jit states a type.
 */
const retype = <T>(value: unknown): T => value as T;

/** Traces f on `args` and compiles the program for their signature. */
const compile = <A extends readonly unknown[], R>(
  f: (...args: A) => R,
  args: A,
  numbers: NumberMode,
  onTrace: ((source: string) => void) | undefined,
  fuse: boolean,
): Program => {
  const trace = new StagingTrace();
  const out = new Emitter();
  out.line(`if (args.length !== ${args.length}) return H.miss;`);
  const staging = { trace, out, numbers };
  const stagedArgs = args.map((a, i) => shallow(`argument ${i}`, () => stageArgument(a, i, `args[${i}]`, staging)));
  let result: unknown;
  try {
    result = f(...retype<A>(stagedArgs));
  } finally {
    trace.closed = true;
  }
  shallow("the function's result", () => emitResult(trace, result, out, fuse && wasmContext() !== null));
  const source = out.source();
  onTrace?.(source);
  const factory = shallow(
    "the function's result",
    // Compiling the trace to JavaScript is what jit does: the source comes from the Emitter (the trace's equations
    // and literals), never from a caller's string.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the compiled program (see above)
    () => new Function('C', 'H', source),
  );
  const program: unknown = Reflect.apply(factory, undefined, [out.values(), helpers]);
  if (!isProgram(program)) throw new Error('internal: jit did not build a function');
  return program;
};

/** Emits the equations the result depends on and the statement that returns it. */
const emitResult = (trace: StagingTrace, result: unknown, out: Emitter, fuse: boolean): void => {
  if (holds(result, isTracer)) {
    throw new ArgumentError(
      'jit',
      'the function returned a value traced by an enclosing grad call; pass differentiated values as arguments',
    );
  }
  if (cyclic(result)) throw new ArgumentError('jit', 'the function returned a tree that contains itself (a cycle)');
  const leaves = stagedLeaves(result);
  for (const leaf of leaves) {
    if (leaf.trace !== trace)
      throw new ArgumentError('jit', 'the function returned a value traced by another jit call');
  }
  emitEquations(trace, leaves, out, fuse);
  out.line(`return ${outputExpression(result, out)};`);
};

/** walk(), a recursive walk over `what`; a stack overflow in it is an ArgumentError (a tree nested too deeply). */
const shallow = <R>(what: string, walk: () => R): R => {
  try {
    return walk();
  } catch (e) {
    if (e instanceof RangeError)
      throw new ArgumentError('jit', `${what} is nested too deeply for a tree walk (the stack overflowed)`);
    throw e;
  }
};

/** The generated factory returns `function jitted(args)`, a Program. */
const isProgram = (x: unknown): x is Program => typeof x === 'function';

/** The options after their checks (unknown keys, types and ranges refused with an ArgumentError). */
const checkedOptions = (
  options: JitOptions,
): {
  max: number;
  numbers: NumberMode;
  onTrace: ((source: string) => void) | undefined;
  fuse: boolean;
  reuseArrays: boolean;
} => {
  if (typeof options !== 'object' || options === null)
    throw new ArgumentError('jit', `options is ${describeValue(options)}, not an object`);
  refuseUnknownKeys('jit', options, jitOptionKeys);
  const { maxSignatures: max = 16, numbers = 'static', onTrace, fuse = true, reuseArrays = false } = options;
  if (!Number.isInteger(max) || max < 1)
    throw new ArgumentError('jit', `maxSignatures must be a positive integer, got ${describeValue(max)}`);
  if (numbers !== 'static' && numbers !== 'traced') {
    throw new ArgumentError('jit', `numbers must be 'static' or 'traced', got ${describeValue(numbers)}`);
  }
  if (onTrace !== undefined && typeof onTrace !== 'function')
    throw new ArgumentError('jit', `onTrace must be a function, got ${describeValue(onTrace)}`);
  if (typeof fuse !== 'boolean') throw new ArgumentError('jit', `fuse must be a boolean, got ${describeValue(fuse)}`);
  if (typeof reuseArrays !== 'boolean')
    throw new ArgumentError('jit', `reuseArrays must be a boolean, got ${describeValue(reuseArrays)}`);
  return { max, numbers, onTrace, fuse, reuseArrays };
};

/**
 * jit(f): f compiled for each signature of its arguments (the structure of the argument trees, each tensor
 * leaf's shape and dtype, each number's value (or, with `numbers: 'traced'`, only that it is a number), and
 * the identity of every other value). The first call with a new signature traces f on values known only by
 * shape and dtype, and generates a straight-line program from what f computed; later calls with that
 * signature run the program. Results are those of f, bit for bit.
 *
 * What a jitted function may do: compute with gradfold ops, call grad/vjp/valueAndGrad, and run optimizer
 * updates (update counts and schedules included). What it may not: read a traced value's elements or use it as
 * a JavaScript number (branch with `where` instead; a TracedValueError says so); and state it closes over is
 * read once, while tracing (pass whatever changes between calls as an argument). Arguments are trees of plain
 * records and arrays; any other object (a class instance, a Map, a typed array) is refused with an
 * ArgumentError, because its contents could change unseen. Called with values an enclosing grad or jit call
 * is tracing, a jitted function runs f as it is.
 *
 * Numbers are static by default: each value traces its own program, so f may branch on them freely. A step
 * called with new numbers every time (per-sample inputs, number parameters, step counts) wants
 * `{ numbers: 'traced' }`: one program for all values, provided f does not branch on them (see
 * `JitOptions.numbers`); traced numbers take the dtype of the tensors they meet, and come back as numbers.
 *
 * @example
 * const opt = adam({ lr: 0.01 });
 * type S = OptState<typeof opt, { w: number }>;
 * const step = jit((params: { w: number }, state: S, x: number, y: number) => {
 *   const g = grad((p: { w: Tensor }) => square(sub(mul(p.w, x), y)))(params);
 *   const [u, s] = opt.update(g, state, params);
 *   return [applyUpdates(params, u), s] as const;
 * }, { numbers: 'traced' });
 */
export const jit = <A extends readonly unknown[], R>(
  f: (...args: A) => R,
  options: JitOptions = {},
): ((...args: A) => R) => {
  if (typeof f !== 'function') throw new ArgumentError('jit', `f is ${describeValue(f)}, not a function`);
  const { max, numbers, onTrace, fuse, reuseArrays } = checkedOptions(options);
  const programs: Program[] = [];
  const leftovers: Leftovers | null = reuseArrays ? new Map() : null;
  const run = (p: Program, args: A): unknown => (leftovers === null ? p(args) : runReusing(p, args, leftovers));
  return (...args: A): R => {
    for (let i = 0; i < programs.length; i++) {
      const p = programs[i];
      if (p === undefined) continue;
      const r = run(p, args);
      if (r === helpers.miss) continue;
      if (i > 0) {
        // the signature seen last is tried first
        programs.splice(i, 1);
        programs.unshift(p);
      }
      return retype<R>(r);
    }
    if (holds(args, isTransformedValue)) return f(...args);
    const program = compile(f, args, numbers, onTrace, fuse);
    if (programs.length >= max) {
      const dropped = programs.pop(); // the least recently used
      if (dropped !== undefined) leftovers?.delete(dropped);
    }
    programs.unshift(program);
    const r = run(program, args);
    if (r === helpers.miss) throw new Error('internal: a jit program refused the arguments it was traced for');
    return retype<R>(r);
  };
};
