/**
 * The leafwise tree arithmetic users may call (`treeAdd`, `treeScale`, `globalNorm`, …): tree-math's
 * functions behind a check of their arguments, so that a JavaScript caller gets an error naming the function
 * and the path instead of an engine TypeError or a silent broadcast. Optim's own transforms call tree-math
 * directly: their trees were checked once, at the optimizer's boundary.
 */
import { type Range, checkNumber } from './ranges.js';
import { type Side, checkTree, checkTreesMatch } from './check-trees.js';
import * as M from './tree-math.js';
import type { Like } from '../core/tree.js';

const first: Side = { noun: 'the first tree', leafNoun: 'the first tree', prefix: '', has: 'has' };
const second: Side = { noun: 'the second tree', leafNoun: 'the second tree', prefix: '', has: 'has' };
const tree: Side = { noun: 'the tree', leafNoun: 'the tree', prefix: '', has: 'has' };
const anyNumber: Range = { name: 'a number', ok: () => true };

/** Both trees checked to match (structure, kinds, shapes, dtypes), then f. */
const binary =
  (name: string, f: <T>(a: T, b: T) => T) =>
  <T>(a: T, b: T): T => {
    checkTreesMatch(name, a, first, b, second);
    return f(a, b);
  };

/** a + b leafwise; a and b must have one structure, and leaves of one kind, shape and dtype. */
export const treeAdd = binary('treeAdd', M.treeAdd);

/** a − b leafwise; a and b must have one structure, and leaves of one kind, shape and dtype. */
export const treeSub = binary('treeSub', M.treeSub);

/** a · b leafwise; a and b must have one structure, and leaves of one kind, shape and dtype. */
export const treeMul = binary('treeMul', M.treeMul);

/** a / b leafwise; a and b must have one structure, and leaves of one kind, shape and dtype. */
export const treeDiv = binary('treeDiv', M.treeDiv);

/** s · a for a tree a and a number s. */
export const treeScale = <T>(a: T, s: number): T => {
  checkTree('treeScale', tree, a);
  checkNumber('treeScale', 's', anyNumber, s);
  return M.treeScale(a, s);
};

/** The tree of zeros with a's structure and type (use `treeZerosLike` to start a state from the parameters). */
export const treeZeros = <T>(a: T): T => {
  checkTree('treeZeros', tree, a);
  return M.treeZeros(a);
};

/** The tree of zeros shaped like `params` (0 for a number leaf, zeros of its shape and dtype for a tensor). */
export const treeZerosLike = <P>(params: P): Like<P> => {
  checkTree('treeZerosLike', tree, params);
  return M.treeZerosLike(params);
};

/** The tree shaped like `params` filled with `value` (a number). */
export const treeFullLike = <P>(params: P, value: number): Like<P> => {
  checkTree('treeFullLike', tree, params);
  checkNumber('treeFullLike', 'value', anyNumber, value);
  return M.treeFullLike(params, value);
};

/** Σ over every element of every leaf of a². */
export const treeSumOfSquares = (a: unknown): number => {
  checkTree('treeSumOfSquares', tree, a);
  return M.treeSumOfSquares(a);
};

/** ‖a‖₂ over all leaves together: √(Σᵢ aᵢ²). */
export const globalNorm = (a: unknown): number => {
  checkTree('globalNorm', tree, a);
  return M.globalNorm(a);
};

/** True when every element of every leaf is finite (no NaN, no ±∞). */
export const treeAllFinite = (a: unknown): boolean => {
  checkTree('treeAllFinite', tree, a);
  return M.treeAllFinite(a);
};
