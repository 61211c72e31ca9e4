/**
 * Leafwise arithmetic over parameter trees, on top of core's eager kernels. A leaf is a plain number or a
 * tensor; numbers combine as numbers, and a number meeting a tensor is read as a scalar of the tensor's dtype.
 * Every helper returns a tree of its first argument's structure and type, with number leaves kept numbers and
 * tensor leaves kept tensors.
 */
import { computeBinary, computeCast, computeMap, computeSum, computeUnary, computeWhere } from '../core/compute.js';
import { binaryScalars } from '../core/kernels/binary.js';
import { sizeOf } from '../core/shape.js';
import { isNumberLike, isStaged, numberLeaf } from '../core/stage.js';
import type { Count } from './transformation.js';
import type { DType, TypedArray } from '../core/dtype.js';
import { type Tensor, full, scalar, zerosLike } from '../core/tensor.js';
import { type Leaf, type Like, leaves, mapTrees, treeMap } from '../core/tree.js';

type Op2 = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

const dtypeOf = (x: Leaf, other: Leaf): DType =>
  typeof x !== 'number' ? x.dtype : typeof other !== 'number' ? other.dtype : 'float64';

const asT = (x: Leaf, dtype: DType): Tensor => (typeof x === 'number' ? scalar(x, { dtype }) : x);

/**
 * a ∘ b for one pair of leaves (∘ one of add, sub, mul, div, maximum, minimum): two numbers by the op's scalar
 * function, else by its kernel (core/kernels/binary.ts: the same arithmetic).
 */
export const leaf2 = (op: Op2, a: Leaf, b: Leaf): Leaf =>
  typeof a === 'number' && typeof b === 'number'
    ? binaryScalars[op](a, b)
    : computeBinary(op, asT(a, dtypeOf(a, b)), asT(b, dtypeOf(b, a)), op);

/**
 * f(n) for a number n of an optimizer's state (a step count), f any function on numbers: a schedule, a bias
 * correction. While jitting, n is a traced value standing for a number, and f becomes a step of the program
 * (called on the number each time it runs), so the result is the same number f gives eagerly.
 */
export const numberMap = (n: Count, f: (v: number) => number, name: string): Count =>
  typeof n === 'number' ? f(n) : numberLeaf(computeMap(name, n, f));

/** n + 1 for a step count n (see numberMap for counts while jitting). */
export const increment = (n: Count): Count =>
  typeof n === 'number' ? n + 1 : numberLeaf(computeBinary('add', n, scalar(1, { dtype: n.dtype }), 'add'));

/** √x for one leaf. */
export const leafSqrt = (x: Leaf): Leaf => (typeof x === 'number' ? Math.sqrt(x) : computeUnary('sqrt', x));

/** Σ x² over one leaf. */
const leafSumSquares = (x: Leaf): number => {
  if (typeof x === 'number') return x * x;
  if (isStaged(x)) return computeSum(computeBinary('mul', x, x), [...x.shape.keys()], false).data[0] ?? 0;
  return sumOfSquares(x.data);
};

/**
 * Σ x² over an array in one pass, with the roundings of sum(mul(x, x)): each square in the array's dtype, the
 * sum in float64 in order, the total rounded to the dtype (what the reduction kernel writes into its output).
 */
const sumOfSquares = (d: TypedArray): number => {
  let s = 0;
  if (d instanceof Float32Array) {
    for (let i = 0; i < d.length; i++) s += Math.fround(d[i]! * d[i]!);
    return Math.fround(s);
  }
  for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
  return s;
};

/**
 * The leaf of the same kind as `like` (number or tensor of its shape and dtype) holding `value`'s data. While
 * jitting, a number is a weak traced value (core/staging.ts), and stays one.
 */
const sameKind = (like: Leaf | undefined, value: Leaf): Leaf => {
  if (typeof value !== 'number' && isNumberLike(like) && !isNumberLike(value)) {
    if (sizeOf(value.shape) !== 1) throw new TypeError('optim: a number leaf met a tensor of more than one element');
    return numberLeaf(value);
  }
  if (like !== undefined && typeof like !== 'number' && typeof value === 'number')
    return full(like.shape, value, { dtype: like.dtype });
  return value;
};

/**
 * zipLeaves(first, rest, f): the tree of f(leaves at each position) with `first`'s structure. `mapTrees` keeps
 * the structure (core tests it) and `sameKind` keeps each leaf's kind, so the result has `first`'s type: this
 * overload is the one place where optim gives a rebuilt tree its static type back.
 */
function zipLeaves<T>(first: T, rest: readonly unknown[], f: (ls: readonly Leaf[]) => Leaf): T;
function zipLeaves(first: unknown, rest: readonly unknown[], f: (ls: readonly Leaf[]) => Leaf): unknown {
  return mapTrees([first, ...rest], (ls) => sameKind(ls[0], f(ls)));
}

/** The i-th of the leaves at one position (mapTrees hands every tree's leaf, so it is always there). */
const at = (ls: readonly Leaf[], i: number): Leaf => {
  const l = ls[i];
  if (l === undefined) throw new Error(`optim: a tree walk handed ${ls.length} leaves where ${i + 1} were expected`);
  return l;
};

/** treeMapLeaves(a, f): f applied to every leaf of a, keeping a's type. */
export const treeMapLeaves = <T>(a: T, f: (x: Leaf) => Leaf): T => zipLeaves(a, [], (ls) => f(at(ls, 0)));

/** a + b leafwise. */
export const treeAdd = <T>(a: T, b: T): T => zipLeaves(a, [b], (ls) => leaf2('add', at(ls, 0), at(ls, 1)));

/** a − b leafwise. */
export const treeSub = <T>(a: T, b: T): T => zipLeaves(a, [b], (ls) => leaf2('sub', at(ls, 0), at(ls, 1)));

/** a · b leafwise. */
export const treeMul = <T>(a: T, b: T): T => zipLeaves(a, [b], (ls) => leaf2('mul', at(ls, 0), at(ls, 1)));

/** a / b leafwise. */
export const treeDiv = <T>(a: T, b: T): T => zipLeaves(a, [b], (ls) => leaf2('div', at(ls, 0), at(ls, 1)));

/** max(a, b) leafwise (NaN propagates). */
export const treeMaximum = <T>(a: T, b: T): T => zipLeaves(a, [b], (ls) => leaf2('maximum', at(ls, 0), at(ls, 1)));

/** s · a for a number s. */
export const treeScale = <T>(a: T, s: Count): T => zipLeaves(a, [], (ls) => leaf2('mul', at(ls, 0), s));

/** a + s for a number s. */
export const treeAddScalar = <T>(a: T, s: Count): T => zipLeaves(a, [], (ls) => leaf2('add', at(ls, 0), s));

/** a / s for a number s. */
export const treeDivScalar = <T>(a: T, s: Count): T => zipLeaves(a, [], (ls) => leaf2('div', at(ls, 0), s));

/** √a leafwise. */
export const treeSqrt = <T>(a: T): T => zipLeaves(a, [], (ls) => leafSqrt(at(ls, 0)));

/** a ⊙ a leafwise. */
export const treeSquare = <T>(a: T): T => treeMul(a, a);

/** min(max(a, lo), hi) leafwise. */
export const treeClip = <T>(a: T, lo: number, hi: number): T =>
  zipLeaves(a, [], (ls) => leaf2('minimum', leaf2('maximum', at(ls, 0), lo), hi));

/** β·v + (1 − β)·g leafwise: one step of an exponential moving average. */
export const treeEma = <T>(v: T, g: T, beta: number): T =>
  zipLeaves(v, [g], (ls) => leaf2('add', leaf2('mul', at(ls, 0), beta), leaf2('mul', at(ls, 1), 1 - beta)));

/** β·v + (1 − β)·g² leafwise: the moving average of squares. */
export const treeEmaSquare = <T>(v: T, g: T, beta: number): T =>
  zipLeaves(v, [g], (ls) => {
    const gi = at(ls, 1);
    return leaf2('add', leaf2('mul', at(ls, 0), beta), leaf2('mul', leaf2('mul', gi, gi), 1 - beta));
  });

/** u + s·θ leafwise, with θ the parameters (u shaped like them). */
export const treeAddScaledParams = <P>(u: Like<P>, params: P, s: Count): Like<P> =>
  zipLeaves(u, [params], (ls) => leaf2('add', at(ls, 0), leaf2('mul', at(ls, 1), s)));

/** The tree of zeros shaped like `params` (0 for a number leaf, zeros of its shape and dtype for a tensor). */
export const treeZerosLike = <P>(params: P): Like<P> =>
  treeMap(params, (l) => (typeof l === 'number' ? 0 : zerosLike(l)));

/** The tree shaped like `params` filled with `value`. */
export const treeFullLike = <P>(params: P, value: number): Like<P> =>
  treeMap(params, (l) => (typeof l === 'number' ? value : full(l.shape, value, { dtype: l.dtype })));

/** Σ over every element of every leaf of a². */
export const treeSumOfSquares = (a: unknown): number =>
  leaves(a).reduce<number>((acc, l) => acc + leafSumSquares(l), 0);

/** ‖a‖₂ over all leaves together: √(Σᵢ aᵢ²). */
export const globalNorm = (a: unknown): number => Math.sqrt(treeSumOfSquares(a));

/**
 * ‖a‖₂ as a leaf: the number `globalNorm` gives, or while jitting, the traced rank-0 value computed with the
 * same operations in the same order (each leaf's Σ x² in its dtype, then summed in float64).
 */
export const globalNormLeaf = (a: unknown): Leaf => {
  const ls = leaves(a);
  if (!ls.some(isStaged)) return globalNorm(a);
  let acc: Leaf = 0;
  for (const l of ls) {
    const squares = typeof l === 'number' ? l * l : computeSum(computeBinary('mul', l, l), [...l.shape.keys()], false);
    acc = leaf2('add', acc, typeof squares === 'number' ? squares : computeCast(squares, 'float64'));
  }
  return leafSqrt(acc);
};

/** s · a leafwise for a number or rank-0 leaf s, which a tensor leaf reads in its own dtype (as treeScale does). */
export const treeScaleBy = <T>(a: T, s: Leaf): T =>
  zipLeaves(a, [], (ls) => {
    const u = at(ls, 0);
    return typeof u === 'number' || typeof s === 'number' || isNumberLike(u)
      ? leaf2('mul', u, s)
      : leaf2('mul', u, computeCast(s, u.dtype));
  });

/** Leafwise choice by a rank-0 condition c (1: a, 0: b); a and b share a structure. */
export const treeWhere = <T>(c: Tensor, a: T, b: T): T =>
  zipLeaves(a, [b], (ls) => {
    const x = at(ls, 0);
    const y = at(ls, 1);
    return computeWhere(c, asT(x, dtypeOf(x, y)), asT(y, dtypeOf(y, x)));
  });

/** True when every element of every leaf is finite (no NaN, no ±∞). */
export const treeAllFinite = (a: unknown): boolean =>
  leaves(a).every((l) => (typeof l === 'number' ? Number.isFinite(l) : l.data.every((v) => Number.isFinite(v))));

/** Leafwise choice: the leaf of `a` where `pick[i]` (in `leaves` order) is true, else the leaf of `b`. */
export const treeSelect = <T>(pick: readonly boolean[], a: T, b: T): T => {
  let i = 0;
  return zipLeaves(a, [b], (ls) => (pick[i++] === true ? at(ls, 0) : at(ls, 1)));
};

/** The tree of zeros with a's structure and type (use `treeZerosLike` to start a state from the parameters). */
export const treeZeros = <T>(a: T): T => treeMapLeaves(a, (l) => (typeof l === 'number' ? 0 : zerosLike(l)));

/** f(aᵢ, bᵢ) over matching leaves of a and a tree b of the same structure (checked), keeping a's type. */
export const treeZipLeaves = <T>(a: T, b: unknown, f: (x: Leaf, y: Leaf) => Leaf): T =>
  zipLeaves(a, [b], (ls) => f(at(ls, 0), at(ls, 1)));
