/**
 * Reading nested arrays of numbers (what `tensor` accepts) safely: every entry must be a number (finite or
 * not), rows must agree in length, and a cyclic array is refused. Errors name the function and the entry's
 * position (`tensor: entry [1][0] is "a", not a number`). Both walks are iterative, so neither a deep nesting
 * nor a cycle can overflow the stack or loop forever.
 */
import type { TypedArray } from './dtype.js';
import { ArgumentError, describeValue } from './errors.js';
import { type Shape, ShapeError, maxSize, showShape } from './shape.js';
import { isArray } from './is-array.js';

/** Below this depth a walk does not look for cycles (a cycle needs the path to repeat an array). */
const cycleCheckDepth = 32;

/** `[1][0]` for the index path [1, 0]. */
const position = (path: readonly number[], depth: number): string => {
  let s = '';
  for (let i = 0; i < depth; i++) s += `[${path[i]}]`;
  return s;
};

/** The error for an entry that is neither a number nor (where rows are expected) an array. */
const notANumber = (where: string, at: string, v: unknown): ArgumentError => {
  const hint = typeof v === 'string' ? ' (convert strings with Number(...) first)' : '';
  return at === ''
    ? new ArgumentError(
        where,
        `values are ${describeValue(v)}, not a number, nested arrays of numbers or a typed array${hint}`,
      )
    : new ArgumentError(where, `entry ${at} is ${describeValue(v)}, not a number${hint}`);
};

/**
 * The error for a cyclic array, naming where the cycle first closes: `path` holds the arrays from the root
 * down, `index` the position taken in each, and the first array met twice is the entry that closes it.
 */
const cyclic = (where: string, path: readonly unknown[], index: readonly number[]): ArgumentError => {
  const seen = new Set<unknown>();
  let k = 0;
  while (k < path.length && !seen.has(path[k])) seen.add(path[k++]);
  return new ArgumentError(
    where,
    `the nested array is cyclic: entry ${position(index, k)} is an array that contains it`,
  );
};

/**
 * The shape of nested arrays, read along the first entries (`[[1, 2], [3, 4]]` → [2, 2]); every entry on that
 * path must be an array or a number. `fillNested` then checks that the rest agrees.
 */
export const inferShape = (where: string, values: unknown): number[] => {
  const shape: number[] = [];
  const chain: unknown[] = [];
  let seen: Set<unknown> | null = null;
  let v: unknown = values;
  while (typeof v !== 'number') {
    if (!Array.isArray(v)) throw notANumber(where, '[0]'.repeat(shape.length), v);
    if (seen === null && chain.length >= cycleCheckDepth) seen = new Set(chain);
    if (seen !== null) {
      if (seen.has(v)) throw cyclic(where, [...chain, v], new Array<number>(chain.length).fill(0));
      seen.add(v);
    }
    chain.push(v);
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  let n = 1;
  for (const d of shape) n *= d;
  if (n > maxSize)
    throw new ShapeError(where, `nested arrays of shape ${showShape(shape)} hold more than ${maxSize} values`);
  return shape;
};

/**
 * Writes the entries of nested arrays of shape `shape` into `out` in row-major order, checking that each is a
 * number and that every row has the extent of the shape (a ragged array is a ShapeError naming the row).
 */
export const fillNested = (where: string, values: unknown, shape: Shape, out: TypedArray): void => {
  const rank = shape.length;
  if (rank === 0) {
    if (typeof values !== 'number') throw notANumber(where, '', values);
    out[0] = values;
    return;
  }
  const nodes = new Array<readonly unknown[]>(rank);
  const index = new Array<number>(rank).fill(0);
  if (!Array.isArray(values)) throw notANumber(where, '', values);
  nodes[0] = values;
  let depth = 0;
  let pos = 0;
  while (depth >= 0) {
    const node = nodes[depth] ?? [];
    if (depth === rank - 1) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v !== 'number') {
          index[depth] = i;
          const at = position(index, depth + 1);
          if (Array.isArray(v))
            throw new ShapeError(
              where,
              `ragged nested array: expected ${showShape(shape)}, entry ${at} is an array where a number is`,
            );
          throw notANumber(where, at, v);
        }
        out[pos++] = v;
      }
      depth -= 1;
      if (depth >= 0) index[depth] = (index[depth] ?? 0) + 1;
      continue;
    }
    const i = index[depth] ?? 0;
    if (i === node.length) {
      depth -= 1;
      if (depth >= 0) index[depth] = (index[depth] ?? 0) + 1;
      continue;
    }
    const child = node[i];
    if (!Array.isArray(child) || child.length !== shape[depth + 1])
      throw badRow(where, shape, position(index, depth + 1), child, shape[depth + 1] ?? 0);
    depth += 1;
    nodes[depth] = child;
    index[depth] = 0;
  }
};

/** The error for a row that is not an array of the shape's extent. */
const badRow = (where: string, shape: Shape, at: string, child: unknown, extent: number): Error => {
  if (!Array.isArray(child)) {
    if (typeof child === 'number') {
      return new ShapeError(
        where,
        `ragged nested array: expected ${showShape(shape)}, entry ${at} is a number where a row of ${extent} is`,
      );
    }
    return notANumber(where, at, child);
  }
  return new ShapeError(
    where,
    `ragged nested array: expected ${showShape(shape)}, row ${at} has length ${child.length}, not ${extent}`,
  );
};

/** True when every entry of a flat array is a number (a hole is not: `every` would skip it). */
const allNumbers = (values: readonly unknown[]): values is readonly number[] => {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
};

/**
 * The numbers of nested arrays of any nesting, depth first (`tensor(values, {shape})` reads them so); each
 * entry must be a number, and an array that contains itself is refused.
 */
export const flattenNested = (where: string, values: unknown): readonly number[] => {
  if (typeof values === 'number') return [values];
  if (!isArray(values)) throw notANumber(where, '', values);
  if (allNumbers(values)) return values;
  const out: number[] = [];
  const nodes: (readonly unknown[])[] = [values];
  const index: number[] = [0];
  let onPath: Set<unknown> | null = null;
  while (nodes.length > 0) {
    const depth = nodes.length - 1;
    const node = nodes[depth] ?? [];
    const i = index[depth] ?? 0;
    if (i === node.length) {
      const done = nodes.pop();
      if (onPath !== null) onPath.delete(done);
      index.pop();
      if (index.length > 0) index[index.length - 1] = (index[index.length - 1] ?? 0) + 1;
      continue;
    }
    const v = node[i];
    if (typeof v === 'number') {
      out.push(v);
      index[depth] = i + 1;
      continue;
    }
    if (!Array.isArray(v)) throw notANumber(where, position(index, depth + 1), v);
    if (onPath === null && nodes.length >= cycleCheckDepth) onPath = new Set(nodes);
    if (onPath !== null) {
      if (onPath.has(v)) throw cyclic(where, [...nodes, v], index);
      onPath.add(v);
    }
    nodes.push(v);
    index.push(0);
    if (out.length > maxSize) throw new ShapeError(where, `nested arrays hold more than ${maxSize} values`);
  }
  return out;
};
