/**
 * The signature of a jitted call: the structure of its argument trees, the kind of every leaf (number, or
 * tensor of a shape and dtype) and the identity of every other value. Tracing walks the example arguments once
 * and emits, for each node, the check that a later call's argument has the same signature (else the program
 * answers `miss`) and the read of each leaf into a variable of the trace. The traced function receives the
 * same trees with staged leaves.
 */
import type { StagingTrace } from '../core/staging.js';
import { isTensor, scalar } from '../core/tensor.js';
import type { Emitter } from './emitter.js';

/** True for an object literal or a record made by Object.create(null): a node of a tree. */
export const isRecord = (x: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * Emits the checks and reads of the argument `value` found at `expr`, and returns the value the traced
 * function receives in its place (numbers and tensors become staged inputs of `trace`).
 */
export const stageArgument = (value: unknown, expr: string, trace: StagingTrace, out: Emitter): unknown => {
  const miss = 'return H.miss;';
  if (typeof value === 'number') {
    out.line(`if (typeof ${expr} !== 'number') ${miss}`);
    const x = trace.input(scalar(value), true);
    out.bindNumber(x, expr);
    return x;
  }
  if (typeof value !== 'object' || value === null) {
    const known = typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? out.constant(value) : literal(value);
    out.line(`if (${expr} !== ${known}) ${miss}`);
    return value;
  }
  if (isTensor(value)) {
    const dims = value.shape.map((d, i) => ` || ${expr}.shape[${i}] !== ${d}`).join('');
    out.line(
      `if (${expr} === null || typeof ${expr} !== 'object' || H.traced(${expr}) || ${expr}.dtype !== '${value.dtype}'` +
        ` || ${expr}.shape === undefined || ${expr}.shape.length !== ${value.shape.length}${dims}) ${miss}`,
    );
    const x = trace.input(value, false);
    out.bindTensor(x, expr);
    return x;
  }
  if (Array.isArray(value)) {
    const node = out.temp('a');
    out.line(`const ${node} = ${expr};`);
    out.line(`if (!Array.isArray(${node}) || ${node}.length !== ${value.length}) ${miss}`);
    return value.map((child: unknown, i) => stageArgument(child, `${node}[${i}]`, trace, out));
  }
  if (!isRecord(value)) {
    out.line(`if (${expr} !== ${out.constant(value)}) ${miss}`);
    return value;
  }
  const node = out.temp('o');
  const keys = Object.keys(value);
  out.line(`const ${node} = ${expr};`);
  const count = out.temp('k');
  out.line(`if (${node} === null || typeof ${node} !== 'object' || Array.isArray(${node})) ${miss}`);
  // Counted inline: each node's loop then sees one object shape, which V8 enumerates from a cache.
  out.line(`let ${count} = 0;`);
  out.line(`for (const _ in ${node}) ${count}++;`);
  out.line(`if (${count} !== ${keys.length}) ${miss}`);
  const staged: Record<string, unknown> = {};
  for (const k of keys) {
    const key = JSON.stringify(k);
    const child: unknown = Reflect.get(value, k);
    // A missing key reads as undefined, which every other child's check refuses.
    if (child === undefined) out.line(`if (!Object.hasOwn(${node}, ${key})) ${miss}`);
    staged[k] = stageArgument(child, `${node}[${key}]`, trace, out);
  }
  return staged;
};

/** A primitive value (undefined, null, boolean, string) as a JavaScript literal. */
const literal = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));
