/**
 * From a finished trace to statements: the live equations in order (those the outputs depend on), each as
 * a call of its op's scalar function on numbers when its operands are rank-0 and its op has one, else as a call
 * of its array kernel on tensors; then the output tree rebuilt as a literal. The scalar functions are the op
 * tables' (core/kernels/binary.ts, unary.ts: the arithmetic the array loops and the tape's rank-0 fast path
 * call), written into the program as expressions read from their definitions (inline.ts) or called; float32
 * results are rounded by Math.fround where the kernels' float32 arrays round, so a jitted function gives the
 * bits eager evaluation gives.
 */
import { elementAt } from '../core/invariant.js';
import { type Equation, Staged, type StagingTrace } from '../core/staging.js';
import { isTensor } from '../core/tensor.js';
import { type Emitter, numberLiteral } from './emitter.js';
import { emitGroup } from './fused-call.js';
import { fusionThreshold, schedule } from './fuse.js';
import { inlineForm } from './inline.js';
import { isRecord } from './signature.js';

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

/**
 * Emits one equation: its op's scalar function on numbers for rank-0 operands (inline where inline.ts can spell
 * it, else a call), else its kernel call on tensors.
 */
const emitEquation = (eq: Equation, out: Emitter): void => {
  if (eq.scalar !== undefined && eq.out.shape.length === 0 && eq.args.every((a) => a.shape.length === 0)) {
    const [a, b] = eq.args.map((x) => (x instanceof Staged ? out.numberOf(x) : numberLiteral(elementAt(x.data, 0))));
    const args = [a ?? '0', b ?? '0'];
    const call = inlineForm(eq.scalar)?.(args) ?? `${out.constant(eq.scalar)}(${args.join(', ')})`;
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
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${outputExpression(v, out)}`)
      .join(', ')}}`;
  }
  return out.constant(value);
};
