/**
 * Which equations of a jitted program run as one fused elementwise kernel (src/wasm/fused.ts). An equation is
 * fusible when it is an elementwise op the fused kernels compute exactly as the unfused kernel does (the
 * IEEE-exact binary and unary ops, comparisons, `where`, and in float32 the transcendentals of the elementwise
 * WebAssembly kernels: exp, log, log1p, expm1, tanh, sigmoid, softplus), its output has at least
 * `fusionThreshold` elements, and every operand has its dtype and either its shape or a single element.
 * Fusible equations of one shape and dtype gather into a group while the program is walked in order; a group
 * is closed (scheduled) when something outside it (another equation, or a group of another shape) reads one
 * of its values, so every group runs after its inputs exist and before its values are read. float64
 * transcendentals (Math.* in JavaScript), pow, casts, reductions and everything else run as they do unfused.
 */
import { sizeOf, shapeEqual } from '../core/shape.js';
import { binaryScalars } from '../core/kernels/binary.js';
import { unaryScalars } from '../core/kernels/unary.js';
import { type Equation, Staged } from '../core/staging.js';
import { type FusedOp, fusedArity, fusedFloat32Only, isFusedBinary, isFusedUnary } from '../wasm/fused.js';

/** Elements below which an elementwise equation is never fused. */
export const fusionThreshold = 128;

/**
 * The least elements × (ops − 1) a group must have to run fused; a smaller group runs as its equations: a
 * fused call costs about what two or three unfused calls on small arrays cost (measured: a 2-op chain gains
 * from 512 elements, a 4-op chain from 128).
 */
export const fusionWork = 512;

/** Fusible ops by the scalar function their equations carry (the op table's, by identity). */
const byScalar = new Map<unknown, FusedOp>();
for (const [name, f] of Object.entries(binaryScalars)) if (isFusedBinary(name)) byScalar.set(f, name);
for (const [name, f] of Object.entries(unaryScalars)) if (isFusedUnary(name)) byScalar.set(f, name);

/**
 * Whether a three-operand equation named 'where' is `where` (a ≠ 0 ? … : …, operands [a, b, cond]): its name
 * alone could be a custom primitive's (customVjp takes any name), so its example output (the first call's
 * values, see core/staging.ts) must also be, element for element, cond ≠ 0 ? a : b.
 */
const isWhere = (eq: Equation): boolean => {
  if (eq.name !== 'where' || eq.args.length !== 3) return false;
  const trace = eq.out.trace;
  const [a, b, c] = eq.args.map((x) => trace.example(x).data);
  const y = trace.example(eq.out).data;
  if (a === undefined || b === undefined || c === undefined) return false;
  const at = (d: ArrayLike<number>, i: number): number => d[d.length === 1 ? 0 : i] ?? NaN;
  for (let i = 0; i < y.length; i++) {
    const want = at(c, i) !== 0 ? at(a, i) : at(b, i);
    if (!Object.is(y[i], want) && !(Number.isNaN(want) && Number.isNaN(y[i]))) return false;
  }
  return true;
};

/** The fused op an equation computes, or undefined when it is not one the fused kernels take. */
const fusedOpOf = (eq: Equation): FusedOp | undefined => {
  if (eq.scalar === undefined) return isWhere(eq) ? 'where' : undefined;
  const op = byScalar.get(eq.scalar);
  if (op === undefined || eq.args.length !== fusedArity(op)) return undefined;
  // a float32 transcendental fuses as the unary kernel the unfused program calls (not a map over Math.exp)
  return !fusedFloat32Only.has(op) || (eq.out.dtype === 'float32' && eq.name === op) ? op : undefined;
};

/** The fused op of a fusible equation (see the module's note), else undefined. */
export const fusibleOp = (eq: Equation, threshold: number): FusedOp | undefined => {
  const { shape, dtype } = eq.out;
  if (shape.length === 0 || sizeOf(shape) < threshold) return undefined;
  for (const a of eq.args) {
    if (a.dtype !== dtype || !(shapeEqual(a.shape, shape) || sizeOf(a.shape) === 1)) return undefined;
  }
  return fusedOpOf(eq);
};

/** A group of fusible equations of one shape and dtype, in program order. */
export interface FusionGroup {
  readonly key: string;
  readonly members: Equation[];
  readonly ops: FusedOp[];
}

/** A step of the schedule: an equation run as it is, or a group run as one fused call. */
export type Scheduled =
  { readonly kind: 'equation'; readonly eq: Equation } | { readonly kind: 'group'; readonly group: FusionGroup };

/**
 * The equations `eqs` (a program's live equations, in order) as a schedule of single equations and fused
 * groups (of two or more members and `fusionWork`; a smaller group is scheduled as its equations).
 */
export const schedule = (eqs: readonly Equation[], threshold: number): Scheduled[] => {
  const items: Scheduled[] = [];
  const open = new Map<string, FusionGroup>();
  const producer = new Map<number, FusionGroup>();
  const close = (g: FusionGroup): void => {
    open.delete(g.key);
    for (const m of g.members) producer.delete(m.out.id);
    const [first] = g.members;
    const n = first === undefined ? 0 : sizeOf(first.out.shape);
    if (n * (g.members.length - 1) >= fusionWork) items.push({ kind: 'group', group: g });
    else for (const eq of g.members) items.push({ kind: 'equation', eq });
  };
  for (const eq of eqs) {
    const op = fusibleOp(eq, threshold);
    const key = op === undefined ? '' : `${eq.out.dtype}:${eq.out.shape.join(',')}`;
    for (const a of eq.args) {
      const g = a instanceof Staged ? producer.get(a.id) : undefined;
      if (g !== undefined && g.key !== key) close(g);
    }
    if (op === undefined) {
      items.push({ kind: 'equation', eq });
      continue;
    }
    let g = open.get(key);
    if (g === undefined) {
      g = { key, members: [], ops: [] };
      open.set(key, g);
    }
    g.members.push(eq);
    g.ops.push(op);
    producer.set(eq.out.id, g);
  }
  for (const g of [...open.values()]) close(g);
  return items;
};
