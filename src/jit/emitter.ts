/**
 * The source of a generated program: constants hoisted out of the hot function, and the function's statements.
 * Each traced variable lives as a JavaScript number (rank-0 values computed with scalar arithmetic) or as a
 * tensor, or both; conversions between the two are emitted the first time one is needed.
 */
import type { DType } from '../core/dtype.js';
import type { Staged } from '../core/staging.js';
import { type Tensor, fromData } from '../core/tensor.js';

/** The helpers every generated program receives. */
export interface Helpers {
  /** Returned by the program when its arguments do not match the signature it was traced for. */
  readonly miss: symbol;
  /** True for a value traced by an enclosing grad or jit call (the program then does not apply). */
  readonly traced: (x: unknown) => boolean;
  /** A rank-0 tensor of each dtype holding a number. */
  readonly f64: (v: number) => Tensor;
  readonly f32: (v: number) => Tensor;
}

/** The helpers' shared values. */
export const baseHelpers = (traced: (x: unknown) => boolean): Helpers => ({
  miss: Symbol('jit: signature mismatch'),
  traced,
  f64: (v) => fromData([], Float64Array.of(v)),
  f32: (v) => fromData([], Float32Array.of(v)),
});

/** A number as a JavaScript literal that reads back to the same number (−0, NaN and ±∞ included). */
export const numberLiteral = (v: number): string =>
  Object.is(v, -0) ? '(-0)' : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '(-Infinity)' : v < 0 ? `(${v})` : `${v}`;

/** Accumulates a generated program. */
export class Emitter {
  private readonly constants: unknown[] = [];
  private readonly byValue = new Map<unknown, string>();
  private readonly lines: string[] = [];
  private readonly nums = new Map<number, string>();
  private readonly tens = new Map<number, string>();
  private temps = 0;

  /** A name bound to `value` outside the hot function (one name per distinct value). */
  constant(value: unknown): string {
    const known = this.byValue.get(value);
    if (known !== undefined) return known;
    const name = `c${this.constants.length}`;
    this.constants.push(value);
    this.byValue.set(value, name);
    return name;
  }

  /** A fresh local name. */
  temp(prefix: string): string {
    this.temps += 1;
    return `${prefix}${this.temps}`;
  }

  /** Appends a statement to the hot function. */
  line(statement: string): void {
    this.lines.push(statement);
  }

  /** Declares that variable x is held as the number `expr`. */
  bindNumber(x: Staged, expr: string): void {
    const name = `n${x.id}`;
    this.line(`const ${name} = ${expr};`);
    this.nums.set(x.id, name);
  }

  /** Declares that variable x is held as the tensor `expr`. */
  bindTensor(x: Staged, expr: string): void {
    const name = `t${x.id}`;
    this.line(`const ${name} = ${expr};`);
    this.tens.set(x.id, name);
  }

  /** x as a number expression (x is rank-0), converting from its tensor the first time. */
  numberOf(x: Staged): string {
    const n = this.nums.get(x.id);
    if (n !== undefined) return n;
    const t = this.tens.get(x.id);
    if (t === undefined) throw new Error(`internal: jit variable ${x.id} used before it is defined`);
    this.bindNumber(x, `${t}.data[0]`);
    return `n${x.id}`;
  }

  /** x as a tensor expression, wrapping its number in a rank-0 tensor the first time. */
  tensorOf(x: Staged): string {
    const t = this.tens.get(x.id);
    if (t !== undefined) return t;
    const n = this.nums.get(x.id);
    if (n === undefined) throw new Error(`internal: jit variable ${x.id} used before it is defined`);
    this.bindTensor(x, `${wrapper(x.dtype)}(${n})`);
    return `t${x.id}`;
  }

  /** The factory's source: `(C, H) => function(args) {…}` with the constants hoisted. */
  source(): string {
    const hoisted = this.constants.map((_, i) => `const c${i} = C[${i}];`).join('\n');
    return `${hoisted}\nreturn function jitted(args) {\n${this.lines.map((l) => `  ${l}`).join('\n')}\n};`;
  }

  /** The constants, in the order the factory's `C` receives them. */
  values(): readonly unknown[] {
    return this.constants;
  }
}

const wrapper = (dtype: DType): string => (dtype === 'float64' ? 'H.f64' : 'H.f32');
