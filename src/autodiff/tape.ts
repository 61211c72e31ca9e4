/**
 * The reverse-mode tape of one differentiation call, and the tracers that stand for its inputs and the values
 * computed from them.
 *
 * Nesting works by levels. Each `grad`/`vjp` call opens a tape one level above the innermost open one. A
 * tracer wraps a value one level down (a concrete tensor, or a tracer of an outer call): its `primal`. When an
 * op meets tracers, it records itself on the tape of the highest level among its inputs and computes on the
 * primals, which may record again on outer tapes. Rules are written in differentiable ops, so the backward
 * pass of an inner tape records on the outer ones: that is what makes grad(grad(f)) exact and keeps the
 * perturbations of different calls apart.
 *
 * The module's state (three counters, documented together under "Module state" below) is raised on entering a
 * call and restored on leaving it, so nothing outlives a call. A tracer used after its call ended is refused (it
 * has leaked).
 */
import { type ScalarKernel, computeScalar, plainTensor } from '../core/compute-scalar.js';
import { ArgumentError } from '../core/errors.js';
import type { TypedArray } from '../core/dtype.js';
import type { Shape } from '../core/shape.js';
import { applyStaged, isStaged } from '../core/stage.js';
import type { Tensor } from '../core/tensor.js';
import { checkFinite, userCallSite } from './nan.js';
import { BatchFrame, Batched } from './batched.js';
/** Batched, bound once here: hot paths test against it, and a module-local name is the cheapest to read. */
const BatchedValue = Batched;

/** What a rule sees of the node it differentiates. */
export interface NodeView<P> {
  /** The op's inputs one level down (what the forward computation received). */
  readonly inputs: readonly Tensor[];
  /** The op's output one level down. */
  readonly out: Tensor;
  /** The op's static parameters (axes, shapes, …). */
  readonly params: P;
  /** Whether input i needs a cotangent (it depends on this tape's inputs); a rule may skip the others. */
  needs(this: NodeView<P>, i: number): boolean;
}

/**
 * What a batching rule receives: the primitive's arguments one level below a vmap call (a mapped argument as
 * the whole batch, its batch axis at `dims[i]`; an unmapped one as it is, `dims[i]` null), the static
 * parameters, the batch size, and the primitive itself (to bind it again on the batch).
 */
export interface BatchCall<P> {
  readonly args: readonly Tensor[];
  readonly dims: readonly (number | null)[];
  readonly params: P;
  readonly size: number;
  readonly prim: Primitive<P>;
}

/**
 * A batching rule: the primitive applied to every example at once, as [batch, axis]: the result for the whole
 * batch (computed with ops, once) and the axis of it that indexes the examples.
 */
export type BatchRule<P> = (call: BatchCall<P>) => readonly [Tensor, number];

/**
 * A primitive is one value holding its forward kernel, its reverse rule and its batching rule, so a primitive
 * without a rule does not type-check. `impl` receives concrete tensors only; `vjp` maps the output cotangent g
 * to one cotangent per input (null where none is needed), written in differentiable ops; `batch` applies the
 * primitive to a batch of examples at once (see vmap). `scalar`, when present, is the same forward arithmetic
 * on numbers: the tape uses it for concrete rank-0 inputs (see compute-scalar.ts).
 */
export interface Primitive<P> {
  readonly name: string;
  readonly impl: (inputs: readonly Tensor[], params: P) => Tensor;
  readonly vjp: (g: Tensor, node: NodeView<P>) => readonly (Tensor | null)[];
  readonly batch: BatchRule<P>;
  readonly scalar?: ScalarKernel;
}

/** The input at a position a primitive's arity guarantees. */
export const need = (x: Tensor | undefined): Tensor => {
  if (x === undefined) throw new Error('internal: a primitive received fewer inputs than its arity');
  return x;
};

const noArgs: readonly Tensor[] = Object.freeze([]);

/** A value traced by a tape: it is a Tensor (shape, dtype and data are those of its concrete value). */
export class Tracer implements Tensor {
  constructor(
    readonly primal: Tensor,
    readonly tape: Tape,
    readonly id: number,
    /** The arguments of the op that made this value (none for an input of the call). */
    readonly args: readonly Tensor[] = noArgs,
    /** Where the user applied that op (recorded only under `debugNans`). */
    readonly site: string = '',
  ) {}
  get dtype(): Tensor['dtype'] {
    return this.primal.dtype;
  }
  get shape(): Shape {
    return this.primal.shape;
  }
  get data(): TypedArray {
    return this.primal.data;
  }
  /** The name of the op that made this value ('input' for an input of the call). */
  get opName(): string {
    return 'input';
  }
  /** The rule of the op that made this value applied to cotangent g (null for an input of the call). */
  pullback(_g: Tensor): Pulled | null {
    return null;
  }
}

/** A rule's result with the view of the node it saw. */
export interface Pulled {
  readonly view: NodeView<unknown>;
  readonly grads: readonly (Tensor | null)[];
}

/**
 * The tracer of an op's output, which is also the tape's record of the op (its primitive, parameters and
 * arguments): recording an op costs one object, and the forward output is reused by the rule.
 */
class OpTracer<P> extends Tracer {
  constructor(
    primal: Tensor,
    tape: Tape,
    id: number,
    readonly prim: Primitive<P>,
    readonly params: P,
    args: readonly Tensor[],
    site: string,
  ) {
    super(primal, tape, id, args, site);
  }
  override get opName(): string {
    return this.prim.name;
  }
  override pullback(g: Tensor): Pulled {
    const view = new View(this, this.params);
    return { view, grads: this.prim.vjp(g, view) };
  }
}

/** What a rule sees of a recorded op, built when the backward pass reaches it. */
class View<P> implements NodeView<P> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  constructor(
    readonly node: Tracer,
    readonly params: P,
  ) {
    const { args, tape } = node;
    const inputs = new Array<Tensor>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a !== undefined) inputs[i] = a instanceof Tracer && a.tape === tape ? a.primal : a;
    }
    this.inputs = inputs;
    this.out = node.primal;
  }
  needs(i: number): boolean {
    const a = this.node.args[i];
    return a instanceof Tracer && a.tape === this.node.tape;
  }
}

/** Options of one tape. */
export interface TapeOptions {
  /** Check every recorded output, and every cotangent, for NaN/Inf and name the op that made the first one. */
  readonly debugNans?: boolean;
}

/** The record of one call: its tracers by id, in creation order. */
export class Tape {
  readonly nodes: Tracer[] = [];
  closed = false;
  constructor(
    readonly level: number,
    readonly options: TapeOptions = {},
  ) {}

  /** A tracer for an input of the call. */
  input(value: Tensor): Tracer {
    const t = new Tracer(value, this, this.nodes.length);
    this.nodes.push(t);
    return t;
  }

  /** Records prim applied to `args` with output `out` (a value one level down). */
  record<P>(prim: Primitive<P>, params: P, args: readonly Tensor[], out: Tensor, site = ''): Tracer {
    const t = new OpTracer(out, this, this.nodes.length, prim, params, args, site);
    this.nodes.push(t);
    return t;
  }

  /** The tracer with id `id`. */
  node(id: number): Tracer | undefined {
    return this.nodes[id];
  }
}

/*
 * Module state: every mutable variable of the autodiff layer lives here (the other autodiff modules have none).
 * Each is raised by one `with…` function on entry and restored in its `finally`, so an exception cannot leave
 * it raised and no value outlives the call that raised it.
 *
 * - `currentLevel`: the level of the innermost open grad/vjp tape or vmap frame (0 outside them). `withTape`
 *   and `withBatchFrame` open the next level; `bind` records on the highest level among its inputs.
 * - `batching`: the number of open vmap frames (`withBatchFrame`). While it is 0, `bind` skips the test for
 *   mapped values: the cost of vmap is paid only inside vmap.
 * - `sweeping`: the number of backward sweeps running (`withSweep`, from backward.ts). While it is positive,
 *   a primitive applied to concrete rank-0 inputs returns the tape's internal `ScalarTensor` (compute-scalar.ts)
 *   instead of an ordinary tensor, which spares a typed array per scalar cotangent; backward.ts turns what the
 *   sweep returns into ordinary tensors. User code run by a rule (customVjp's f and rule) runs under
 *   `userCode`, which sets it to 0, so a ScalarTensor never reaches user code.
 */
let currentLevel = 0;
let batching = 0;
let sweeping = 0;

/** Runs a backward sweep with the rank-0 fast path on; the caller makes what it returns ordinary tensors. */
export const withSweep = <R>(body: () => R): R => {
  sweeping += 1;
  try {
    return body();
  } finally {
    sweeping -= 1;
  }
};

/**
 * Runs user code a primitive calls (customVjp's f and rule) with the rank-0 fast path off: the ops it applies
 * return ordinary tensors even inside a backward sweep (the caller passes it ordinary tensors, see `plainTensor`).
 */
export const userCode = <R>(body: () => R): R => {
  const outer = sweeping;
  sweeping = 0;
  try {
    return body();
  } finally {
    sweeping = outer;
  }
};

/**
 * Runs `body` with a fresh tape one level above the innermost open one, and closes the tape afterwards.
 */
export const withTape = <R>(options: TapeOptions, body: (tape: Tape) => R): R => {
  currentLevel += 1;
  const tape = new Tape(currentLevel, options);
  try {
    return body(tape);
  } finally {
    tape.closed = true;
    currentLevel -= 1;
  }
};

/**
 * Runs `body` with a fresh vmap frame of batch size `size`, one level above the innermost open call (tape or
 * frame), and closes the frame afterwards.
 */
export const withBatchFrame = <R>(size: number, body: (frame: BatchFrame) => R): R => {
  currentLevel += 1;
  batching += 1;
  const frame = new BatchFrame(currentLevel, size);
  try {
    return body(frame);
  } finally {
    frame.closed = true;
    batching -= 1;
    currentLevel -= 1;
  }
};

/**
 * Applies a primitive: runs its kernel when no input is traced, else records it on the highest tape among its
 * inputs and applies it to their primals (which may record again on outer tapes). Concrete rank-0 primals of
 * a primitive with a scalar kernel are computed as numbers (see compute-scalar.ts). Below every tape, staged
 * inputs (a function being jitted, see core/stage.ts) make it an equation of their trace instead. When the
 * innermost call among the inputs is a vmap call, the primitive's batching rule runs once on the whole batch.
 */
export const bind = <P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor => {
  let top: Tape | null = null;
  let staged = false;
  let frame: BatchFrame | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof Tracer) {
      if (a.tape.closed) {
        throw new ArgumentError(
          prim.name,
          'an argument is a traced value that escaped the grad/vjp call that made it (a leaked tracer)',
        );
      }
      if (top === null || a.tape.level > top.level) top = a.tape;
    } else if (isStaged(a)) staged = true;
    else if (batching > 0 && a instanceof BatchedValue) {
      if (a.frame.closed)
        throw new ArgumentError(prim.name, 'an argument is a mapped value that escaped the vmap call that made it');
      if (frame === null || a.frame.level > frame.level) frame = a.frame;
    }
  }
  if (frame !== null && (top === null || frame.level > top.level)) return batchBind(prim, args, params, frame);
  if (top === null) {
    if (staged) return stage(prim, args, params);
    const s = prim.scalar === undefined ? undefined : computeScalar(prim.scalar, args);
    return s === undefined ? prim.impl(args, params) : sweeping > 0 ? s : plainTensor(s);
  }
  const level = top;
  const primals = new Array<Tensor>(args.length);
  let traced = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    const p = a instanceof Tracer && a.tape === level ? a.primal : a;
    if (p instanceof Tracer || p instanceof BatchedValue || isStaged(p)) traced = true;
    primals[i] = p;
  }
  const out =
    (!traced && prim.scalar !== undefined ? computeScalar(prim.scalar, primals) : undefined) ??
    bind(prim, primals, params);
  if (level.options.debugNans !== true) return level.record(prim, params, args, out);
  const site = userCallSite();
  checkFiniteThrough(prim.name, primals, out, 'forward', site);
  return level.record(prim, params, args, out, site);
};

/**
 * Under debugNans: a NonFiniteError when x holds a NaN or an infinity, read through every tracer level and
 * every vmap mapping (a mapped value is checked element by element over its whole batch, and the error names
 * the example). A value jit stages has no elements yet and is not checked.
 */
export const checkFiniteThrough = (
  op: string,
  inputs: readonly Tensor[],
  x: Tensor,
  phase: 'forward' | 'backward',
  site: string,
): void => {
  let v = x;
  const dims: number[] = [];
  for (;;) {
    if (v instanceof Tracer) v = v.primal;
    else if (v instanceof BatchedValue) {
      dims.push(v.dim);
      v = v.value;
    } else break;
  }
  if (!isStaged(v)) checkFinite(op, inputs, v, phase, site, dims);
};

/**
 * prim applied to args (one of them staged) as an equation of their trace. Kept out of `bind`: a closure there
 * would make every call of bind allocate a context for the variables it captures.
 */
const stage = <P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor => {
  const out = applyStaged(prim.name, (xs) => prim.impl(xs, params), prim.scalar, args);
  if (out === null) throw new Error('internal: stage without a staged argument');
  return out;
};

/** True for a value some transformation traces: a grad/vjp tracer, a vmap's mapped value, or jit's staged value. */
export const isTransformedValue = (x: unknown): boolean =>
  x instanceof Tracer || x instanceof BatchedValue || isStaged(x);

/**
 * prim applied by its batching rule to the batch of `frame`: the arguments mapped by that frame are handed to
 * the rule as whole batches (with their batch axes), the others as they are; the result is mapped again.
 */
const batchBind = <P>(prim: Primitive<P>, args: readonly Tensor[], params: P, frame: BatchFrame): Tensor => {
  const values = new Array<Tensor>(args.length);
  const dims = new Array<number | null>(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = need(args[i]);
    const mine = a instanceof BatchedValue && a.frame === frame;
    values[i] = mine ? a.value : a;
    dims[i] = mine ? a.dim : null;
  }
  const [out, dim] = prim.batch({ args: values, dims, params, size: frame.size, prim });
  return new BatchedValue(out, dim, frame);
};

/**
 * The concrete value under any number of tracer levels (an ordinary tensor; inside vmap, a mapped value whose
 * batch is concrete: tracing is removed at every level, mapping is kept).
 */
export const concrete = (x: Tensor): Tensor => {
  let v = x;
  while (v instanceof Tracer) v = v.primal;
  if (v instanceof BatchedValue) return v.withValue(concrete(v.value));
  return plainTensor(v);
};

/** x one level below `tape`: its primal if it is a tracer of that tape (as an ordinary tensor), else x itself. */
export const lower = (x: Tensor, tape: Tape): Tensor =>
  x instanceof Tracer && x.tape === tape ? plainTensor(x.primal) : x;
