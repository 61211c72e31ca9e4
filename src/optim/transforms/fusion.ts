/**
 * Helpers of the fused per-leaf steps. A transform whose trees are all eager tensors (no number leaves, no
 * values being jitted, one dtype and shape at each position) computes leaf by leaf, each leaf with one fused
 * kernel (WebAssembly when it takes the leaf) or the transform's passes on that leaf; other trees take the
 * transform's tree-level passes. On eager tensors the two are the same operations, so the same bits.
 */
import { isStaged } from '../../core/stage.js';
import { type Leaf, leaves } from '../../core/tree.js';
import { treeMapLeaves } from '../tree-math.js';

const sameLayout = (a: Leaf, b: Leaf | undefined): boolean =>
  b !== undefined &&
  typeof a !== 'number' &&
  typeof b !== 'number' &&
  a.dtype === b.dtype &&
  a.shape.length === b.shape.length &&
  a.shape.every((d, i) => d === b.shape[i]);

/**
 * eagerTensorTrees(trees): true when every leaf of every tree is a tensor that is not being jitted, and the
 * trees' leaves agree one to one (same count, and at each position one dtype and one shape).
 */
export const eagerTensorTrees = (trees: readonly unknown[]): boolean => {
  const [first, ...rest] = trees.map((t) => leaves(t));
  if (first === undefined || !first.every((l) => typeof l !== 'number' && !isStaged(l))) return false;
  return rest.every((ls) => ls.length === first.length && ls.every((l, i) => sameLayout(l, first[i]) && !isStaged(l)));
};

/**
 * stepLeaves(trees, step): step(leaves at position i, i) for every position of the trees (one structure), in
 * `leaves` order: each position's output leaves.
 */
export const stepLeaves = (
  trees: readonly unknown[],
  step: (ls: readonly Leaf[], i: number) => readonly Leaf[],
): readonly (readonly Leaf[])[] => {
  const all = trees.map((t) => leaves(t));
  const count = all[0]?.length ?? 0;
  const out: (readonly Leaf[])[] = [];
  for (let i = 0; i < count; i++)
    out.push(
      step(
        all.map((ls) => leafAt(ls, i)),
        i,
      ),
    );
  return out;
};

/** pickTree(like, outs, k): the tree of `like`'s structure whose i-th leaf is outs[i][k]. */
export const pickTree = <T>(like: T, outs: readonly (readonly Leaf[])[], k: number): T => {
  let i = 0;
  return treeMapLeaves(like, () => leafAt(outs[i++] ?? [], k));
};

const leafAt = (ls: readonly Leaf[], i: number): Leaf => {
  const l = ls[i];
  if (l === undefined) throw new Error('internal: a fused optimizer step met trees of different structures');
  return l;
};

/** The leaf a fused step was handed (stepLeaves hands one per tree, so it is always there). */
export const leafOf = (l: Leaf | undefined): Leaf => {
  if (l === undefined) throw new Error('internal: a fused optimizer step was handed too few leaves');
  return l;
};
