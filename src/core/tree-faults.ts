/**
 * What can be wrong with a tree, found without recursion: a value that is no leaf (number, tensor), array or
 * record, and a cycle (a node that contains itself). The recursive walks of tree.ts stay fast on good trees:
 * they only count their depth, look for a cycle once at a fixed depth (a cycle makes every walk reach it), and
 * signal a fault with `TreeFault`; their entry points then name the path with `faultError`.
 */
import { ArgumentError, describeValue } from './errors.js';
import { isTensor } from './tensor.js';

/** The depth at which a walk looks below itself for a cycle (once per node at that depth, so O(size) in all). */
export const cycleCheckDepth = 64;

/** The deepest a tree may be nested: deeper, the recursive walks would overflow the stack. */
export const maxTreeDepth = 1000;

/** The signal a walk throws at a fault; the walk's entry point turns it into the ArgumentError naming the path. */
export class TreeFault extends Error {}

/** The path of child k under `path`: `.a`, `[0]`, `["odd key"]`. */
export const childPath = (path: string, k: string | number): string => {
  if (typeof k === 'number') return `${path}[${k}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
};

/** An array or a record (any object that is not a tensor): a node whose children a walk visits. */
const isNode = (x: unknown): x is object => typeof x === 'object' && x !== null && !isTensor(x);

/** The keys a walk visits, in its order: indices of an array, enumerable keys (for…in) of a record. */
const keysOf = (node: object): (string | number)[] => {
  if (Array.isArray(node)) return Array.from({ length: node.length }, (_, i) => i);
  const keys: string[] = [];
  for (const k in node) keys.push(k);
  return keys;
};

/** What is wrong at one position of a tree: a value that is no leaf or node, or a node that closes a cycle. */
export interface Fault {
  /** The position, as `leafPaths` writes it (`.a.b[2]`; '' for the root). */
  readonly path: string;
  /** True when the value at `path` is one of its own enclosing nodes. */
  readonly cycle: boolean;
  /** The value found there. */
  readonly value: unknown;
}

/** The first fault of a tree in the order of `leaves`, with its path; undefined when there is none. Iterative. */
export const firstFault = (root: unknown): Fault | undefined => {
  if (typeof root === 'number' || isTensor(root)) return undefined;
  if (!isNode(root)) return { path: '', cycle: false, value: root };
  interface Frame {
    readonly node: object;
    readonly keys: readonly (string | number)[];
    next: number;
    readonly path: string;
  }
  const frames: Frame[] = [{ node: root, keys: keysOf(root), next: 0, path: '' }];
  const onPath = new Set<object>([root]);
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    if (top === undefined) break;
    if (top.next === top.keys.length) {
      onPath.delete(top.node);
      frames.pop();
      continue;
    }
    const k = top.keys[top.next++] ?? 0;
    const child: unknown = Reflect.get(top.node, k);
    if (typeof child === 'number' || isTensor(child)) continue;
    const path = childPath(top.path, k);
    if (!isNode(child)) return { path, cycle: false, value: child };
    if (onPath.has(child)) return { path, cycle: true, value: child };
    onPath.add(child);
    frames.push({ node: child, keys: keysOf(child), next: 0, path });
  }
  return undefined;
};

/** True when the tree below `node` contains a cycle. */
const hasCycle = (node: unknown): boolean => firstFault(node)?.cycle === true;

/**
 * Called by a recursive walk at each node with its depth: at `cycleCheckDepth` it signals a cycle below the
 * node, and at `maxTreeDepth` a tree too deep to walk, instead of recursing into a stack overflow.
 */
export const depthGuard = (node: unknown, depth: number): void => {
  if (depth === cycleCheckDepth ? hasCycle(node) : depth >= maxTreeDepth) throw new TreeFault();
};

/**
 * The ArgumentError for the first fault of `root`, naming `where` and the path: `grad: the tree is cyclic at
 * .a.b (it contains itself)`, `tree: the leaf at .w is "1", not a tensor or a number`.
 */
export const faultError = (where: string, root: unknown): ArgumentError => {
  const fault = firstFault(root);
  if (fault === undefined) return new ArgumentError(where, `the tree is nested more than ${maxTreeDepth} levels deep`);
  if (fault.cycle) return new ArgumentError(where, `the tree is cyclic at ${fault.path} (it contains itself)`);
  const at = fault.path === '' ? 'the root' : fault.path;
  return new ArgumentError(where, `the leaf at ${at} is ${describeValue(fault.value)}, not a tensor or a number`);
};
