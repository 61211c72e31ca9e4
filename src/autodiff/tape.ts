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
 * The level counter is the only module state: it is raised on entering a call and restored on leaving it, so
 * nothing outlives a call. A tracer used after its call ended is refused (it has leaked).
 */
import type { TypedArray } from '../core/dtype.ts';
import type { Shape } from '../core/shape.ts';
import type { Tensor } from '../core/tensor.ts';
import { checkFinite, userCallSite } from './nan.ts';

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
 * A primitive is one value holding its forward kernel and its reverse rule, so a primitive without a rule
 * does not type-check. `impl` receives concrete tensors only; `vjp` maps the output cotangent g to one
 * cotangent per input (null where none is needed), written in differentiable ops.
 */
export interface Primitive<P> {
  readonly name: string;
  readonly impl: (inputs: readonly Tensor[], params: P) => Tensor;
  readonly vjp: (g: Tensor, node: NodeView<P>) => readonly (Tensor | null)[];
}

/** A recorded application of a primitive. */
interface Node {
  readonly name: string;
  /** Where the user applied the op (recorded only under `debugNans`). */
  readonly site: string;
  readonly inputs: readonly Tensor[];
  readonly parents: readonly number[];
  readonly out: Tensor;
  pull(g: Tensor): readonly (Tensor | null)[];
}

class RecordedNode<P> implements Node, NodeView<P> {
  constructor(
    readonly prim: Primitive<P>,
    readonly params: P,
    readonly inputs: readonly Tensor[],
    readonly parents: readonly number[],
    readonly out: Tensor,
    readonly site: string,
  ) {}
  get name(): string {
    return this.prim.name;
  }
  needs(i: number): boolean {
    return (this.parents[i] ?? -1) >= 0;
  }
  pull(g: Tensor): readonly (Tensor | null)[] {
    return this.prim.vjp(g, this);
  }
}

/** A value traced by a tape: it is a Tensor (shape, dtype and data are those of its concrete value). */
export class Tracer implements Tensor {
  constructor(
    readonly primal: Tensor,
    readonly tape: Tape,
    readonly id: number,
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
}

/** Options of one tape. */
export interface TapeOptions {
  /** Check every recorded output, and every cotangent, for NaN/Inf and name the op that made the first one. */
  readonly debugNans?: boolean;
}

/** The record of one call. Ids number the tracers in creation order; inputs have no node. */
export class Tape {
  readonly nodes: (Node | null)[] = [];
  closed = false;
  constructor(
    readonly level: number,
    readonly options: TapeOptions = {},
  ) {}

  /** A tracer for an input of the call. */
  input(value: Tensor): Tracer {
    this.nodes.push(null);
    return new Tracer(value, this, this.nodes.length - 1);
  }

  /** Records prim applied to `args` (whose primals at this level are `primals`) with output `out`. */
  record<P>(
    prim: Primitive<P>,
    params: P,
    args: readonly Tensor[],
    primals: readonly Tensor[],
    out: Tensor,
    site = '',
  ): Tracer {
    const parents = args.map((a) => (a instanceof Tracer && a.tape === this ? a.id : -1));
    this.nodes.push(new RecordedNode(prim, params, primals, parents, out, site));
    return new Tracer(out, this, this.nodes.length - 1);
  }

  /** The node that produced tracer `id`, or null for an input. */
  node(id: number): Node | null {
    return this.nodes[id] ?? null;
  }
}

let currentLevel = 0;

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
 * Applies a primitive: runs its kernel when no input is traced, else records it on the highest tape among its
 * inputs and applies it to their primals (which may record again on outer tapes).
 */
export const bind = <P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor => {
  let top: Tape | null = null;
  for (const a of args) {
    if (a instanceof Tracer) {
      if (a.tape.closed) {
        throw new Error(`${prim.name}: a traced value escaped the grad/vjp call that made it (a leaked tracer)`);
      }
      if (top === null || a.tape.level > top.level) top = a.tape;
    }
  }
  if (top === null) return prim.impl(args, params);
  const level = top;
  const primals = args.map((a) => (a instanceof Tracer && a.tape === level ? a.primal : a));
  const out = bind(prim, primals, params);
  if (level.options.debugNans !== true) return level.record(prim, params, args, primals, out);
  const site = userCallSite();
  checkFinite(prim.name, primals, out, 'forward', site);
  return level.record(prim, params, args, primals, out, site);
};

/** The concrete value under any number of tracer levels. */
export const concrete = (x: Tensor): Tensor => {
  let v = x;
  while (v instanceof Tracer) v = v.primal;
  return v;
};

/** x one level below `tape`: its primal if it is a tracer of that tape, else x itself. */
export const lower = (x: Tensor, tape: Tape): Tensor => (x instanceof Tracer && x.tape === tape ? x.primal : x);
