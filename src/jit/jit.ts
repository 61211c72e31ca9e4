/**
 * jit: trace a function once per argument signature into a straight-line JavaScript program, and run the
 * program on later calls. The tape, the tree walks and the per-op allocations of eager evaluation happen once,
 * while tracing; what runs afterwards is the arithmetic (rank-0 values as local numbers) and the array kernels.
 */
import { Tracer } from '../autodiff/tape.js';
import { Staged, StagingTrace } from '../core/staging.js';
import { isTensor } from '../core/tensor.js';
import { Emitter, type Helpers, baseHelpers } from './emitter.js';
import { emitEquations, outputExpression, stagedLeaves } from './program.js';
import { isRecord, stageArgument } from './signature.js';

/** Options of `jit`. */
export interface JitOptions {
  /** How many argument signatures keep a compiled program (the oldest is dropped first; default 16). */
  readonly maxSignatures?: number;
  /** Called with the source of each program generated (one per new signature): to read it, or count traces. */
  readonly onTrace?: (source: string) => void;
}

/** A compiled program: the result for arguments of its signature, or `helpers.miss`. */
type Program = (args: readonly unknown[]) => unknown;

// Module-local references: calls of a jitted function test every tensor argument against these classes.
const TracerClass = Tracer;
const StagedClass = Staged;
const traced = (x: unknown): boolean => x instanceof TracerClass || x instanceof StagedClass;

const helpers: Helpers = baseHelpers(traced);

/** True when a tree holds a leaf for which `test` holds (looking inside arrays and records). */
const holds = (value: unknown, test: (x: unknown) => boolean): boolean => {
  if (test(value)) return true;
  if (Array.isArray(value)) return value.some((v) => holds(v, test));
  if (typeof value === 'object' && value !== null && !isTensor(value) && isRecord(value)) {
    return Object.values(value).some((v) => holds(v, test));
  }
  return false;
};

const isTracer = (x: unknown): boolean => x instanceof TracerClass;

/**
 * The static type of what the traced function and the compiled program produce. The program rebuilds the
 * traced result with the same structure and the same kind of leaf (a number where f returned a number, a
 * tensor where it returned a tensor), which TypeScript cannot see through generated code: this is the one
 * place jit states a type.
 */
const retype = <T>(value: unknown): T => value as T;

/** Traces f on `args` and compiles the program for their signature. */
const compile = <A extends readonly unknown[], R>(f: (...args: A) => R, args: A, onTrace: ((source: string) => void) | undefined): Program => {
  const trace = new StagingTrace();
  const out = new Emitter();
  out.line(`if (args.length !== ${args.length}) return H.miss;`);
  const stagedArgs = args.map((a, i) => stageArgument(a, `args[${i}]`, trace, out));
  let result: unknown;
  try {
    result = f(...retype<A>(stagedArgs));
  } finally {
    trace.closed = true;
  }
  if (holds(result, isTracer)) {
    throw new TypeError('jit: the function returned a value traced by an enclosing grad call; pass differentiated values as arguments');
  }
  const leaves = stagedLeaves(result);
  for (const leaf of leaves) {
    if (leaf.trace !== trace) throw new TypeError('jit: the function returned a value traced by another jit call');
  }
  emitEquations(trace, leaves, out);
  out.line(`return ${outputExpression(result, out)};`);
  const source = out.source();
  onTrace?.(source);
  const factory = new Function('C', 'H', source);
  const program: unknown = factory(out.values(), helpers);
  if (!isProgram(program)) throw new Error('internal: jit did not build a function');
  return program;
};

/** The generated factory returns `function jitted(args)`, a Program. */
const isProgram = (x: unknown): x is Program => typeof x === 'function';

/**
 * jit(f): f compiled for each signature of its arguments (the structure of the argument trees, each tensor
 * leaf's shape and dtype, and the identity of every non-tree value). The first call with a new signature
 * traces f on values known only by shape and dtype, and generates a straight-line program from what f
 * computed; later calls with that signature run the program. Results are those of f, bit for bit.
 *
 * What a jitted function may do: compute with gradfold ops, call grad/vjp/valueAndGrad, and run optimizer
 * updates (update counts and schedules included). What it may not: read a traced value's elements or use it as
 * a JavaScript number (branch with `where` instead; a TracedValueError says so); and state it closes over is
 * read once, while tracing (pass whatever changes between calls as an argument). Number arguments are traced
 * as numbers: they take the dtype of the tensors they meet, and come back as numbers. Called with values an
 * enclosing grad or jit call is tracing, a jitted function runs f as it is.
 *
 * @example
 * const opt = adam({ lr: 0.01 });
 * type S = ReturnType<typeof opt.init<{ w: number }>>;
 * const step = jit((params: { w: number }, state: S, x: number, y: number) => {
 *   const g = grad((p: { w: Tensor }) => square(sub(mul(p.w, x), y)))(params);
 *   const [u, s] = opt.update(g, state, params);
 *   return [applyUpdates(params, u), s] as const;
 * });
 */
export const jit = <A extends readonly unknown[], R>(f: (...args: A) => R, options: JitOptions = {}): ((...args: A) => R) => {
  const max = options.maxSignatures ?? 16;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`jit: maxSignatures must be a positive integer, got ${max}`);
  const programs: Program[] = [];
  return (...args: A): R => {
    for (let i = 0; i < programs.length; i++) {
      const p = programs[i];
      if (p === undefined) continue;
      const r = p(args);
      if (r === helpers.miss) continue;
      if (i > 0) programs.splice(i, 1), programs.unshift(p); // the signature seen last is tried first
      return retype<R>(r);
    }
    if (holds(args, traced)) return f(...args);
    const program = compile(f, args, options.onTrace);
    if (programs.length >= max) programs.shift();
    programs.push(program);
    const r = program(args);
    if (r === helpers.miss) throw new Error('internal: a jit program refused the arguments it was traced for');
    return retype<R>(r);
  };
};
