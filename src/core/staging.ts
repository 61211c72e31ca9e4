/**
 * Staging: the values `jit` traces. While a jitted function is traced, its inputs are `Staged` tensors: a
 * shape, a dtype and a variable of a straight-line program, with no elements to read. Every computation that
 * meets one (a primitive through `bind`, or an eager kernel through compute.ts) appends an equation to the
 * trace instead of computing, and returns the Staged value of its output. The jit layer turns the equations
 * into JavaScript.
 *
 * Each variable also keeps the value it has for the arguments of the call that started the trace (its
 * example): equations run their kernel on the examples as they are recorded, which gives every output's shape
 * and dtype exactly as eager evaluation would, and raises eager's errors (shape mismatches) at the same op.
 *
 * Weak values. A plain number given to the jitted function, and any number the traced code computes from such
 * numbers with number arithmetic (an optimizer's step count, the moments of a number parameter), is a *weak*
 * rank-0 float64 value: it stands for a JavaScript number. As an op's input it adopts the dtype of the other
 * inputs (as a number does), and as an output of the jitted function it is returned as a number.
 */
import { ArgumentError, GradfoldError } from './errors.js';
import { type DType, type TypedArray, promote } from './dtype.js';
import type { Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** A kernel on numbers with the arithmetic of an array kernel (one or two operands; see compute-scalar.ts). */
export type StagedScalar = (a: number, b: number) => number;

/** One recorded computation: out = run(args) (args are Staged values of the trace, or constant tensors). */
export interface Equation {
  /** The op's name, for errors and for reading a program. */
  readonly name: string;
  readonly args: readonly Tensor[];
  readonly out: Staged;
  /** The array kernel with its static parameters bound: what a generated program calls on tensors. */
  readonly run: (inputs: readonly Tensor[]) => Tensor;
  /** The same arithmetic on numbers, used for rank-0 operands (undefined when the op has none). */
  readonly scalar: StagedScalar | undefined;
}

/** Raised when traced code reads what a traced value does not have: its elements, or its number value. */
export class TracedValueError extends GradfoldError {
  /**
   * A TracedValueError saying that `what` (e.g. `'the elements'`) of a traced value was read, and what to do
   * instead.
   */
  constructor(what: string) {
    super(
      `jit: ${what} of a traced value was read while tracing. Inside a jitted function values are known only ` +
        'by shape and dtype: compute with gradfold ops (use where() instead of if/else on values), or call the ' +
        'function without jit.',
    );
    this.name = 'TracedValueError';
  }
}

/** A tensor known by shape and dtype only, while a function is traced (a variable of the trace). */
export class Staged implements Tensor {
  constructor(
    readonly trace: StagingTrace,
    readonly id: number,
    readonly dtype: DType,
    readonly shape: Shape,
    /** A weak value stands for a JavaScript number (see the module's note). */
    readonly weak: boolean,
  ) {}
  get data(): TypedArray {
    throw new TracedValueError('the elements');
  }
  [Symbol.toPrimitive](): number {
    throw new TracedValueError('the number value (JavaScript arithmetic or a comparison with <, >)');
  }
  /** The same variable, weak (standing for a number) or not; only a rank-0 float64 value may be weak. */
  withWeak(weak: boolean): Staged {
    if (weak === this.weak) return this;
    if (weak && (this.shape.length !== 0 || this.dtype !== 'float64')) {
      throw new TypeError(`jit: a value of shape [${this.shape.join(', ')}] (${this.dtype}) cannot stand for a number`);
    }
    return new Staged(this.trace, this.id, this.dtype, this.shape, weak);
  }
}

/** The trace of one jitted function on one input signature: its inputs and its equations in order. */
export class StagingTrace {
  readonly inputs: Staged[] = [];
  readonly equations: Equation[] = [];
  private readonly examples: Tensor[] = [];
  closed = false;

  /** A new input variable whose example value is `example` (weak for a number argument). */
  input(example: Tensor, weak: boolean): Staged {
    const x = this.variable(example, weak);
    this.inputs.push(x);
    return x;
  }

  /** The example value of an operand (a constant tensor is its own example). */
  example(x: Tensor): Tensor {
    if (!(x instanceof Staged)) return x;
    const e = this.examples[x.id];
    if (e === undefined || x.trace !== this) throw new Error('internal: a staged value of another trace');
    return e;
  }

  /**
   * Records out = run(args). Weak inputs first adopt the dtype the other inputs promote to (a recorded cast),
   * as a number would; the output is never weak.
   */
  apply(
    name: string,
    run: (inputs: readonly Tensor[]) => Tensor,
    scalar: StagedScalar | undefined,
    args: readonly Tensor[],
  ): Staged {
    if (this.closed)
      throw new ArgumentError(
        name,
        'an argument is a traced value that escaped the jit call that made it (a leaked value)',
      );
    let target: DType | null = null;
    for (const a of args) {
      if (a instanceof Staged && a.weak) continue;
      target = target === null ? a.dtype : promote(target, a.dtype);
    }
    const ins = args.map((a) => {
      if (!(a instanceof Staged) || !a.weak) return a;
      const s = a.withWeak(false);
      return target === null || target === s.dtype ? s : this.castTo(s, target);
    });
    const out = run(ins.map((a) => this.example(a)));
    const y = this.variable(out, false);
    this.equations.push({ name, args: ins, out: y, run, scalar });
    return y;
  }

  private castTo(x: Staged, dtype: DType): Staged {
    return this.apply(
      'cast',
      ([v]) => castExample(v, dtype),
      (a) => a,
      [x],
    );
  }

  private variable(example: Tensor, weak: boolean): Staged {
    const x = new Staged(this, this.examples.length, example.dtype, example.shape, false).withWeak(weak);
    this.examples.push(example);
    return x;
  }
}

/** The example of a cast: a copy of v's elements in `dtype` (rounded to float32 by the typed array). */
const castExample = (v: Tensor | undefined, dtype: DType): Tensor => {
  if (v === undefined) throw new Error('internal: cast without an input');
  const data = dtype === 'float64' ? Float64Array.from(v.data) : Float32Array.from(v.data);
  return { dtype, shape: v.shape, data };
};

/** The trace an op's inputs belong to when one of them is staged, else null. */
export const stagingOf = (args: readonly Tensor[]): StagingTrace | null => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof Staged) return a.trace;
  }
  return null;
};
