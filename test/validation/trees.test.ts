/**
 * Tree walks at their boundary: a cyclic tree is an ArgumentError naming the path where the cycle closes (never
 * a stack overflow), a value that is no leaf is named with its path, and a tree too deep to walk is refused.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { ArgumentError, GradfoldError } from '../../src/core/errors.ts';
import { mapTensors, mapTrees, outerTree, rebuildLike } from '../../src/core/tree.ts';

/** A record { w: 1, a: { b: <itself> } }: the cycle closes at .a.b. */
const cyclic = (): { w: number; a: { b: object } } => {
  const a = { b: {} };
  const root = { w: 1, a };
  a.b = root;
  return root;
};

/** Enough leaves (or blocks) that a walk rebuilding a cyclic tree reaches the cycle check before running out. */
const many = Array.from({ length: 1000 }, () => 1);

describe('a cyclic tree names the path where the cycle closes', () => {
  const message = /the tree is cyclic at \.a\.b \(it contains itself\)/;
  it.each([
    ['leaves', () => g.leaves(cyclic())],
    ['leafPaths', () => g.leafPaths(cyclic())],
    ['treeMap', () => g.treeMap(cyclic(), (l) => l)],
    ['treeMap with paths', () => g.treeMap(cyclic(), (l, _path) => l)],
    ['treeZipWith', () => g.treeZipWith(cyclic(), cyclic(), (x) => x)],
    ['treeMapN', () => g.treeMapN(cyclic(), [], (ls) => ls[0] ?? 0)],
    ['treeReduce', () => g.treeReduce(cyclic(), (a: number) => a + 1, 0)],
    ['unflatten', () => g.unflatten(cyclic(), many)],
    ['mapTensors', () => mapTensors(cyclic(), (t) => t)],
    ['outerTree', () => outerTree(cyclic(), many)],
    ['rebuildLike', () => rebuildLike(cyclic(), cyclic(), (_t, v) => ({ ok: true, value: v }))],
  ])('%s', (_name, run) => {
    expect(run).toThrow(ArgumentError);
    expect(run).toThrow(message);
  });

  it('an array that contains itself, and a cycle deep inside', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(() => g.leaves(a)).toThrow(/^tree: the tree is cyclic at \[1\] \(it contains itself\)$/);
    const next: { back?: unknown } = {};
    const deep = { layers: [{ w: 1 }, { w: 2, next }] };
    next.back = deep.layers;
    expect(() => g.leaves(deep)).toThrow(
      /^tree: the tree is cyclic at \.layers\[1\]\.next\.back \(it contains itself\)$/,
    );
  });

  it('the caller names itself with `where`', () => {
    expect(() => g.leaves(cyclic(), 'myOptimizer')).toThrow(/^myOptimizer: the tree is cyclic at \.a\.b/);
    expect(() => mapTrees([cyclic()], (ls) => ls[0] ?? 0, false, 'update')).toThrow(
      /^update: the tree is cyclic at \.a\.b/,
    );
  });

  it('grad refuses a cyclic argument with an ArgumentError naming the path', () => {
    expect(() => g.grad((p: { w: Tensor; a: { b: object } }) => p.w)(cyclic())).toThrow(ArgumentError);
    expect(() => g.grad((p: { w: Tensor; a: { b: object } }) => p.w)(cyclic())).toThrow(/\.a\.b/);
  });

  it('shared subtrees (a DAG, no cycle) are walked as before', () => {
    const shared = { x: 1 };
    expect(g.leaves({ a: shared, b: [shared, shared] })).toEqual([1, 1, 1]);
    expect(g.leafPaths({ a: shared, b: [shared] })).toEqual(['.a.x', '.b[0].x']);
  });
});

describe('values that are no leaf, and depth', () => {
  it('names the path and the value', () => {
    expect(() => g.leaves({ a: [1, 'x'] })).toThrow(/^tree: the leaf at \.a\[1\] is "x", not a tensor or a number$/);
    expect(() => g.treeMap({ a: [1, null] }, (l) => l)).toThrow(
      /^treeMap: the leaf at \.a\[1\] is null, not a tensor or a number$/,
    );
    expect(() => g.leafPaths({ f: () => 1 })).toThrow(/^leafPaths: the leaf at \.f is a function/);
    expect(() => g.leaves(undefined)).toThrow(/^tree: the leaf at the root is undefined/);
  });

  it('walks a tree 999 levels deep, refuses one deeper than 1000 (instead of overflowing the stack)', () => {
    let ok: unknown = 1;
    for (let i = 0; i < 999; i++) ok = { d: ok };
    expect(g.leaves(ok)).toEqual([1]);
    expect(g.leaves(g.treeMap(ok, (l) => l))).toEqual([1]);
    let deep: unknown = ok;
    for (let i = 0; i < 5; i++) deep = { d: deep };
    expect(() => g.leaves(deep)).toThrow(/^tree: the tree is nested more than 1000 levels deep$/);
    expect(() => g.treeMap(deep, (l) => l)).toThrow(ArgumentError);
  });
});

describe('the tree functions check their other arguments', () => {
  const js: Record<string, (...args: unknown[]) => unknown> = Object.fromEntries(
    Object.entries(g).filter((e): e is [string, (...args: unknown[]) => unknown] => typeof e[1] === 'function'),
  );
  const call =
    (name: string, ...args: unknown[]) =>
    (): unknown =>
      js[name]?.(...args);
  it.each([
    ['treeMap without f', call('treeMap', { a: 1 }), /^treeMap: f is undefined, not a function$/],
    [
      'treeZipWith with a string f',
      call('treeZipWith', { a: 1 }, { a: 1 }, 'f'),
      /^treeZipWith: f is "f", not a function$/,
    ],
    [
      'treeMapN with rest not an array',
      call('treeMapN', { a: 1 }, 5, () => 1),
      /^treeMapN: rest is 5, not an array of trees$/,
    ],
    ['treeReduce with a number f', call('treeReduce', [1], 0, 0), /^treeReduce: f is 0, not a function$/],
    [
      'unflatten with leaves not an array',
      call('unflatten', { a: 1 }, 1e12),
      /^unflatten: leaves are 1000000000000, not an array$/,
    ],
    ['sizeOf of a non-array', call('sizeOf', undefined), /^sizeOf: shape is undefined, not an array of extents$/],
    [
      'broadcastShapes of a non-array',
      call('broadcastShapes', 'op', [2]),
      /^op: second shape is undefined, not an array of extents/,
    ],
    ['broadcastShapes with a bad extent', call('broadcastShapes', 'op', [2], [-1]), /^op: invalid second shape \[-1\]/],
    [
      'broadcastShapes without an op name',
      call('broadcastShapes', -Infinity, [2], [3]),
      /^broadcastShapes: op is -Infinity, not a string/,
    ],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(GradfoldError);
    expect(run).toThrow(message);
  });
});

describe('walks over several trees refuse extra keys (never dropped silently)', () => {
  it('treeZipWith and mapTrees name the key the first tree lacks', () => {
    const extra: unknown = { a: 1, b: 2 };
    const run = () => mapTrees([{ a: 1 }, extra], (ls) => ls[0] ?? 0);
    expect(run).toThrow(g.ShapeError);
    expect(run).toThrow(/^tree: structure mismatch: \.b is not in the first tree$/);
    const nested: unknown = { layers: [{ w: 1, bias: 0 }] };
    expect(() => mapTrees([{ layers: [{ w: 1 }] }, nested], (ls) => ls[0] ?? 0)).toThrow(
      /structure mismatch: \.layers\[0\]\.bias is not in the first tree/,
    );
  });
  it('the same keys in another order still match', () => {
    expect(
      g.treeZipWith({ a: 1, b: 2 }, { b: 20, a: 10 }, (x, y) =>
        typeof x === 'number' && typeof y === 'number' ? x + y : x,
      ),
    ).toEqual({ a: 11, b: 22 });
  });
});
