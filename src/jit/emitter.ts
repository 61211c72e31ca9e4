/**
 * The source of a generated program: constants hoisted out of the hot function, and the function's statements.
 * Each traced variable lives as a JavaScript number (rank-0 values computed with scalar arithmetic) or as a
 * tensor, or both; conversions between the two are emitted the first time one is needed.
 *
 * Names. Every name the emitter hands out (a variable, a temporary, a constant) is a token `\0<letter><index>\0`
 * that `source()` renders. JSON.stringify escapes control characters, so no literal the programs contain
 * (keys, strings) can hold a NUL: a token is never confused with text. A program of ordinary size renders its
 * names as `const` locals, the fastest form. A long one (more than `chunkLines` statements, or constants) would
 * need a stack frame with a slot per local and overflow the stack when called; it renders its variables as
 * slots of arrays made per call (numbers in a Float64Array, which holds every float64 exactly) and its
 * statements as a sequence of functions of at most `chunkLines` statements each.
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
  /** A rank-0 float64 tensor holding a number. */
  readonly f64: (v: number) => Tensor;
  /** A rank-0 float32 tensor holding a number (rounded to float32). */
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
  Object.is(v, -0)
    ? '(-0)'
    : Number.isNaN(v)
      ? 'NaN'
      : v === Infinity
        ? 'Infinity'
        : v === -Infinity
          ? '(-Infinity)'
          : v < 0
            ? `(${v})`
            : `${v}`;

/** Statements per function in a long program; a program longer than this is split into chunks. */
export const chunkLines = 1000;

/** One statement: a declaration of `name` (rendered `const`/`let` locally, a slot store in a long program) or text. */
interface Line {
  readonly decl: 'const' | 'let' | null;
  readonly name: string;
  readonly text: string;
}

const tokenPattern = /\0([a-z])(\d+)\0/g;

/** Accumulates a generated program. */
export class Emitter {
  private readonly constants: unknown[] = [];
  private readonly byValue = new Map<unknown, string>();
  private readonly lines: Line[] = [];
  private readonly nums = new Map<number, string>();
  private readonly tens = new Map<number, string>();
  private maxId = -1;
  private temps = 0;

  /** A name bound to `value` outside the hot function (one name per distinct value). */
  constant(value: unknown): string {
    const known = this.byValue.get(value);
    if (known !== undefined) return known;
    const name = `\0c${this.constants.length}\0`;
    this.constants.push(value);
    this.byValue.set(value, name);
    return name;
  }

  /** A fresh name for a temporary (`prefix`, one letter other than c, n, t, says what it holds). */
  temp(prefix: 'a' | 'o' | 'k'): string {
    this.temps += 1;
    return `\0${prefix}${this.temps}\0`;
  }

  /** Appends a statement to the hot function. */
  line(statement: string): void {
    this.lines.push({ decl: null, name: '', text: statement });
  }

  /** Declares `name` (from `temp`) as `expr`; `mutable` for a counter the following statements update. */
  declare(name: string, expr: string, mutable = false): void {
    this.lines.push({ decl: mutable ? 'let' : 'const', name, text: expr });
  }

  /** Declares that variable x is held as the number `expr`. */
  bindNumber(x: Staged, expr: string): void {
    const name = `\0n${x.id}\0`;
    this.declare(name, expr);
    this.nums.set(x.id, name);
    this.maxId = Math.max(this.maxId, x.id);
  }

  /** Declares that variable x is held as the tensor `expr`. */
  bindTensor(x: Staged, expr: string): void {
    const name = `\0t${x.id}\0`;
    this.declare(name, expr);
    this.tens.set(x.id, name);
    this.maxId = Math.max(this.maxId, x.id);
  }

  /** x as a number expression (x is rank-0), converting from its tensor the first time. */
  numberOf(x: Staged): string {
    const n = this.nums.get(x.id);
    if (n !== undefined) return n;
    const t = this.tens.get(x.id);
    if (t === undefined) throw new Error(`internal: jit variable ${x.id} used before it is defined`);
    this.bindNumber(x, `${t}.data[0]`);
    return `\0n${x.id}\0`;
  }

  /** x as a tensor expression, wrapping its number in a rank-0 tensor the first time. */
  tensorOf(x: Staged): string {
    const t = this.tens.get(x.id);
    if (t !== undefined) return t;
    const n = this.nums.get(x.id);
    if (n === undefined) throw new Error(`internal: jit variable ${x.id} used before it is defined`);
    this.bindTensor(x, `${wrapper(x.dtype)}(${n})`);
    return `\0t${x.id}\0`;
  }

  /** The factory's source: `(C, H) => function(args) {…}`, with its constants hoisted when it is short. */
  source(): string {
    return this.lines.length > chunkLines || this.constants.length > chunkLines ? this.chunked() : this.local();
  }

  /** The constants, in the order the factory's `C` receives them. */
  values(): readonly unknown[] {
    return this.constants;
  }

  /** Every name a local (`c3`, `n12`): one function, constants hoisted into the factory's scope. */
  private local(): string {
    const hoisted = this.constants.map((_, i) => `const c${i} = C[${i}];`).join('\n');
    const body = this.lines.map((l) => `  ${l.decl === null ? l.text : `${l.decl} ${l.name} = ${l.text};`}`).join('\n');
    return `${hoisted}\nreturn function jitted(args) {\n${body.replace(tokenPattern, '$1$2')}\n};`;
  }

  /**
   * Names as slots (`N[12]` numbers, `T[12]` tensors, `S[3]` temporaries, `C[3]` constants) and statements in
   * functions of `chunkLines` each: no frame holds more than a few locals. A chunk returns `H.miss` from a
   * failed check, the last one the result; the others return undefined.
   */
  private chunked(): string {
    const slot = (_: string, letter: string, index: string): string =>
      `${letter === 'n' ? 'N' : letter === 't' ? 'T' : letter === 'c' ? 'C' : 'S'}[${index}]`;
    const chunks: string[] = [];
    for (let start = 0; start < this.lines.length; start += chunkLines) {
      const body = this.lines
        .slice(start, start + chunkLines)
        .map((l) => `  ${l.decl === null ? l.text : `${l.name} = ${l.text};`}`)
        .join('\n');
      chunks.push(`function p${chunks.length}(args, N, T, S) {\n${body.replace(tokenPattern, slot)}\n}`);
    }
    const calls = chunks.map((_, i) => `  r = p${i}(args, N, T, S);\n  if (r !== undefined) return r;`).join('\n');
    const size = this.maxId + 1;
    return (
      `return function jitted(args) {\n  const N = new Float64Array(${size});\n  const T = new Array(${size});\n` +
      `  const S = new Array(${this.temps + 1});\n  let r;\n${calls}\n  return undefined;\n};\n${chunks.join('\n')}`
    );
  }
}

const wrapper = (dtype: DType): string => (dtype === 'float64' ? 'H.f64' : 'H.f32');
