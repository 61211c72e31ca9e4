/**
 * From a finished trace to statements: the live equations in order (those the outputs depend on), each as
 * scalar arithmetic on numbers when its operands are rank-0 and its op has a scalar kernel, else as a call of
 * its array kernel on tensors; then the output tree rebuilt as a literal. The scalar arithmetic is the
 * kernels' own (the tape's rank-0 fast path uses the same functions), with float32 results rounded by
 * Math.fround where the kernels' float32 arrays round, so a jitted function gives the bits eager evaluation
 * gives.
 */
import { elementAt } from '../core/invariant.js';
import { binaryScalars } from '../core/kernels/binary.js';
import { unaryScalars } from '../core/kernels/unary.js';
import { type Equation, Staged, type StagedScalar, type StagingTrace } from '../core/staging.js';
import { isTensor } from '../core/tensor.js';
import { type Emitter, numberLiteral } from './emitter.js';
import { emitGroup } from './fused-call.js';
import { fusionThreshold, schedule } from './fuse.js';
import { isRecord } from './signature.js';

type Template = (a: string, b: string) => string;

/** Inline forms of the common scalar kernels (any other kernel is called as a function). */
const templates = new Map<StagedScalar, Template>([
  [binaryScalars.add, (a, b) => `${a} + ${b}`],
  [binaryScalars.sub, (a, b) => `${a} - ${b}`],
  [binaryScalars.mul, (a, b) => `${a} * ${b}`],
  [binaryScalars.div, (a, b) => `${a} / ${b}`],
  [binaryScalars.pow, (a, b) => `Math.pow(${a}, ${b})`],
  [binaryScalars.mulNoNan, (a, b) => `(${a} === 0 || ${b} === 0 ? 0 : ${a} * ${b})`],
  [binaryScalars.maximum, (a, b) => `(${a} > ${b} || ${a} !== ${a} ? ${a} : ${b})`],
  [binaryScalars.minimum, (a, b) => `(${a} < ${b} || ${a} !== ${a} ? ${a} : ${b})`],
  [binaryScalars.greater, (a, b) => `(${a} > ${b} ? 1 : 0)`],
  [binaryScalars.less, (a, b) => `(${a} < ${b} ? 1 : 0)`],
  [unaryScalars.neg, (a) => `-${a}`],
  [unaryScalars.exp, (a) => `Math.exp(${a})`],
  [unaryScalars.log, (a) => `Math.log(${a})`],
  [unaryScalars.sqrt, (a) => `Math.sqrt(${a})`],
  [unaryScalars.tanh, (a) => `Math.tanh(${a})`],
  [unaryScalars.abs, (a) => `Math.abs(${a})`],
]);

/** The equations the outputs depend on, in trace order (dead code removed). */
const live = (trace: StagingTrace, outputs: readonly Staged[]): Equation[] => {
  const needed = new Set<number>(outputs.map((x) => x.id));
  const kept: Equation[] = [];
  for (let i = trace.equations.length - 1; i >= 0; i--) {
    const eq = trace.equations[i];
    if (eq === undefined || !needed.has(eq.out.id)) continue;
    kept.push(eq);
    for (const a of eq.args) if (a instanceof Staged) needed.add(a.id);
  }
  return kept.reverse();
};

/** Emits one equation: scalar arithmetic on numbers for rank-0 operands with a scalar kernel, else its kernel call. */
const emitEquation = (eq: Equation, out: Emitter): void => {
  if (eq.scalar !== undefined && eq.out.shape.length === 0 && eq.args.every((a) => a.shape.length === 0)) {
    const [a, b] = eq.args.map((x) => (x instanceof Staged ? out.numberOf(x) : numberLiteral(elementAt(x.data, 0))));
    const template = templates.get(eq.scalar);
    const call = template === undefined ? `${out.constant(eq.scalar)}(${a ?? '0'}, ${b ?? '0'})` : template(a ?? '0', b ?? '0');
    out.bindNumber(eq.out, eq.out.dtype === 'float32' ? `Math.fround(${call})` : call);
    return;
  }
  const args = eq.args.map((x) => (x instanceof Staged ? out.tensorOf(x) : out.constant(x)));
  out.bindTensor(eq.out, `${out.constant(eq.run)}([${args.join(', ')}])`);
};

/**
 * Emits the live equations of `trace` for `outputs` (the staged leaves of the result). With `fuse`, chains of
 * elementwise equations over large tensors of one shape run as one fused call each (fuse.ts, fused-call.ts).
 */
export const emitEquations = (trace: StagingTrace, outputs: readonly Staged[], out: Emitter, fuse = false): void => {
  const eqs = live(trace, outputs);
  if (!fuse) {
    for (const eq of eqs) emitEquation(eq, out);
    return;
  }
  const results = new Set(outputs.map((x) => x.id));
  const readers = new Map<number, Equation[]>();
  for (const eq of eqs) {
    for (const a of eq.args) if (a instanceof Staged) readers.set(a.id, [...(readers.get(a.id) ?? []), eq]);
  }
  for (const item of schedule(eqs, fusionThreshold)) {
    if (item.kind === 'equation') {
      emitEquation(item.eq, out);
      continue;
    }
    const members = new Set(item.group.members);
    const escapes = (id: number): boolean => results.has(id) || (readers.get(id) ?? []).some((r) => !members.has(r));
    emitGroup(item.group, escapes, out);
  }
};

/** The staged leaves of an output tree, in any order (what the equations must compute). */
export const stagedLeaves = (value: unknown, into: Staged[] = []): Staged[] => {
  if (value instanceof Staged) into.push(value);
  else if (Array.isArray(value)) for (const v of value) stagedLeaves(v, into);
  else if (typeof value === 'object' && value !== null && !isTensor(value) && isRecord(value)) {
    for (const v of Object.values(value)) stagedLeaves(v, into);
  }
  return into;
};

/**
 * The expression that rebuilds the output `value`: a weak staged leaf as a number, another staged leaf as a
 * tensor, arrays and records as literals, and anything else (numbers, concrete tensors, functions) as the
 * constant it was when traced.
 */
export const outputExpression = (value: unknown, out: Emitter): string => {
  if (value instanceof Staged) return value.weak ? out.numberOf(value) : out.tensorOf(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => outputExpression(v, out)).join(', ')}]`;
  if (typeof value === 'object' && !isTensor(value) && isRecord(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${outputExpression(v, out)}`).join(', ')}}`;
  }
  return out.constant(value);
};
