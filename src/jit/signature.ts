/**
 * The signature of a jitted call: the structure of its argument trees, the kind of every leaf (a tensor of a
 * shape and dtype; a number, by its value or traced) and the identity of every other value. Tracing walks the
 * example arguments once and emits, for each node, the check that a later call's argument has the same
 * signature (else the program answers `miss`) and the read of each leaf into a variable of the trace. The
 * traced function receives the same trees with staged leaves.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { StagingTrace } from '../core/staging.js';
import { isTensor, scalar } from '../core/tensor.js';
import { childPath } from '../core/tree-faults.js';
import { type Emitter, numberLiteral } from './emitter.js';

/** How number leaves of the arguments are treated (see `JitOptions.numbers`). */
export type NumberMode = 'static' | 'traced';

/** True for an object literal or a record made by Object.create(null): a node of a tree. */
export const isRecord = (x: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/** What the walk over one call's arguments shares. */
export interface Staging {
  readonly trace: StagingTrace;
  readonly out: Emitter;
  readonly numbers: NumberMode;
}

/** Where the walk stands: the argument's index and the path inside it, for messages. */
interface At {
  readonly arg: number;
  readonly path: string;
  /** The arrays and records enclosing this position (a cycle comes back to one of them); shared, kept by the walk. */
  readonly ancestors: Set<object>;
}

const place = (at: At): string => `argument ${at.arg}${at.path === '' ? '' : ` at ${at.path}`}`;

/** The check, as a JavaScript condition, that the number at `expr` is not `v` (−0, 0 and NaN told apart). */
const differs = (expr: string, v: number): string =>
  v === 0 || Number.isNaN(v) ? `!Object.is(${expr}, ${numberLiteral(v)})` : `${expr} !== ${numberLiteral(v)}`;

/**
 * Emits the checks and reads of argument `index`, `value`, found at `expr`, and returns the value the traced
 * function receives in its place (tensors, and with `numbers: 'traced'` numbers, become staged inputs).
 * Refuses, with an ArgumentError naming the argument and the path, what a signature cannot hold without risk
 * of a stale answer: an object that is not a tensor, an array or a plain record (a class instance, a Map, a
 * typed array), and a cycle.
 */
export const stageArgument = (value: unknown, index: number, expr: string, s: Staging): unknown =>
  stageAt(value, expr, s, { arg: index, path: '', ancestors: new Set() });

function stageAt(value: unknown, expr: string, s: Staging, at: At): unknown {
  const { out, trace } = s;
  const miss = 'return H.miss;';
  if (typeof value === 'number') {
    if (s.numbers === 'static') {
      out.line(`if (${differs(expr, value)}) ${miss}`);
      return value;
    }
    out.line(`if (typeof ${expr} !== 'number') ${miss}`);
    const x = trace.input(scalar(value), true);
    out.bindNumber(x, expr);
    return x;
  }
  if (typeof value !== 'object' || value === null) {
    const known =
      typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint'
        ? out.constant(value)
        : literal(value);
    out.line(`if (${expr} !== ${known}) ${miss}`);
    return value;
  }
  if (at.ancestors.has(value)) {
    throw new ArgumentError('jit', `${place(at)} is one of its own enclosing arrays or records (a cycle); pass a tree`);
  }
  if (isTensor(value)) {
    const { dtype, shape } = value;
    if (
      (dtype !== 'float64' && dtype !== 'float32') ||
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isInteger(d) && d >= 0)
    ) {
      throw new ArgumentError(
        'jit',
        `${place(at)} is not a well-formed tensor (dtype ${describeValue(dtype)}, shape ${describeValue(shape)})`,
      );
    }
    const dims = value.shape.map((d, i) => ` || ${expr}.shape[${i}] !== ${d}`).join('');
    out.line(
      `if (${expr} === null || typeof ${expr} !== 'object' || H.traced(${expr}) || ${expr}.dtype !== '${dtype}'` +
        ` || ${expr}.shape === undefined || ${expr}.shape.length !== ${value.shape.length}${dims}) ${miss}`,
    );
    const x = trace.input(value, false);
    out.bindTensor(x, expr);
    return x;
  }
  const inside = at.ancestors;
  if (Array.isArray(value)) {
    const node = out.temp('a');
    out.declare(node, expr);
    out.line(`if (!Array.isArray(${node}) || ${node}.length !== ${value.length}) ${miss}`);
    inside.add(value);
    const staged = value.map((child: unknown, i) =>
      stageAt(child, `${node}[${i}]`, s, { arg: at.arg, path: childPath(at.path, i), ancestors: inside }),
    );
    inside.delete(value);
    return staged;
  }
  if (!isRecord(value)) {
    throw new ArgumentError(
      'jit',
      `${place(at)} is ${describeValue(value)}; pass plain records and arrays (or close over it as a constant). ` +
        'A signature cannot see inside other objects, so a change to one would not be seen.',
    );
  }
  const node = out.temp('o');
  const keys = Object.keys(value);
  out.declare(node, expr);
  const count = out.temp('k');
  out.line(`if (${node} === null || typeof ${node} !== 'object' || Array.isArray(${node})) ${miss}`);
  // Counted inline: each node's loop then sees one object shape, which V8 enumerates from a cache.
  out.declare(count, '0', true);
  out.line(`for (const _ in ${node}) ${count}++;`);
  out.line(`if (${count} !== ${keys.length}) ${miss}`);
  const staged: Record<string, unknown> = {};
  inside.add(value);
  for (const k of keys) {
    const key = JSON.stringify(k);
    const child: unknown = Reflect.get(value, k);
    // A missing key reads as undefined, which every other child's check refuses.
    if (child === undefined) out.line(`if (!Object.hasOwn(${node}, ${key})) ${miss}`);
    staged[k] = stageAt(child, `${node}[${key}]`, s, { arg: at.arg, path: childPath(at.path, k), ancestors: inside });
  }
  inside.delete(value);
  return staged;
}

/** A primitive value (undefined, null, boolean, string) as a JavaScript literal. */
const literal = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));
