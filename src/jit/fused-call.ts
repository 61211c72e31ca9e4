/**
 * A fusion group (fuse.ts) as one statement of a generated program: its registers and instructions become a
 * `FusedProgram`, and the statement calls a constant function with the group's input tensors and scalar
 * operands, which runs the program (src/wasm/fused.ts) and returns the values that leave the group. With the
 * JavaScript backend selected when the program runs, the same function runs the group's equations one by one,
 * as the unfused program would.
 *
 * Registers: operands of the full shape read from outside the group are input streams; single-element
 * operands (a number, a rank-0 value, a constant) are scalars; members read outside the group (or returned)
 * are output streams; the other members live in scratch blocks, a block reused once its value is dead.
 */
import type { DType } from '../core/dtype.js';
import { elementAt } from '../core/invariant.js';
import { sizeOf } from '../core/shape.js';
import { type Equation, Staged } from '../core/staging.js';
import { type Tensor, fromData } from '../core/tensor.js';
import { type FusedInstruction, type FusedProgram, fusedArity, fusedProgram, runFused } from '../wasm/fused.js';
import { type Emitter, numberLiteral } from './emitter.js';
import type { FusionGroup } from './fuse.js';

/** Where an operand comes from: an input stream, a scalar, or a member (by index). */
type Source = { readonly kind: 'input' | 'scalar' | 'member'; readonly index: number };

/** The function a generated program calls for a group: (input tensors, scalar values) → escaping values. */
type GroupCall = (inputs: readonly Tensor[], scalars: readonly number[]) => readonly Tensor[];

/** Operand identity: a traced variable by id, a constant tensor by itself. */
const identity = (x: Tensor): unknown => (x instanceof Staged ? x.id : x);

/** The group's operands sorted into sources, with the outside tensors each kind reads. */
const sources = (members: readonly Equation[]) => {
  const memberIndex = new Map<number, number>(members.map((m, i) => [m.out.id, i]));
  const inputs: Tensor[] = [];
  const scalars: Tensor[] = [];
  const known = new Map<unknown, Source>();
  const sourceOf = (a: Tensor): Source => {
    const m = a instanceof Staged ? memberIndex.get(a.id) : undefined;
    if (m !== undefined) return { kind: 'member', index: m };
    const key = identity(a);
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const list = sizeOf(a.shape) === 1 ? scalars : inputs;
    const s: Source = { kind: list === scalars ? 'scalar' : 'input', index: list.length };
    list.push(a);
    known.set(key, s);
    return s;
  };
  const operands = members.map((m) => m.args.map(sourceOf));
  return { inputs, scalars, operands };
};

/** Scratch blocks for the members that stay inside: a block is reused after its value's last read. */
const scratchSlots = (operands: readonly (readonly Source[])[], escaping: readonly boolean[]) => {
  const lastRead = new Map<number, number>();
  operands.forEach((ops, i) => ops.forEach((s) => s.kind === 'member' && lastRead.set(s.index, i)));
  const slot = new Map<number, number>();
  const free: number[] = [];
  let count = 0;
  operands.forEach((ops, i) => {
    const dies = (s: Source): boolean => s.kind === 'member' && lastRead.get(s.index) === i && !escaping[s.index];
    const dead = new Set(ops.filter(dies).map((s) => s.index));
    for (const m of dead) free.push(slot.get(m) ?? -1);
    if (!escaping[i]) slot.set(i, free.pop() ?? count++);
  });
  return { slot, count };
};

/** The group's program; `escaping[i]` says whether member i is read outside the group. */
const groupProgram = (group: FusionGroup, escaping: readonly boolean[]) => {
  const { members, ops } = group;
  const first = members[0];
  if (first === undefined) throw new Error('internal: an empty fusion group');
  const { inputs, scalars, operands } = sources(members);
  const { slot, count } = scratchSlots(operands, escaping);
  const outIndex = new Map<number, number>();
  escaping.forEach((e, i) => e && outIndex.set(i, outIndex.size));
  const output = inputs.length + scalars.length;
  const base = { input: 0, scalar: inputs.length, output, scratch: output + outIndex.size };
  const register = (i: number): number => {
    const o = outIndex.get(i);
    return o !== undefined ? base.output + o : base.scratch + (slot.get(i) ?? 0);
  };
  const read = (s: Source): number => (s.kind === 'member' ? register(s.index) : base[s.kind] + s.index);
  const instructions: FusedInstruction[] = ops.map((op, i) => {
    const [a = 0, b = a, c = a] = (operands[i] ?? []).slice(0, fusedArity(op)).map(read);
    return { op, dst: register(i), a, b, c };
  });
  const counts = { inputs: inputs.length, scalars: scalars.length, outputs: outIndex.size, scratch: count };
  const program = fusedProgram(first.out.dtype, sizeOf(first.out.shape), counts, instructions);
  return { program, inputs, scalars, operands };
};

/** The group's equations one by one (the JavaScript backend's route): its escaping values. */
const unfused =
  (
    members: readonly Equation[],
    operands: readonly (readonly Source[])[],
    escaping: readonly boolean[],
    dtype: DType,
  ) =>
  (inputs: readonly Tensor[], scalars: readonly number[]): readonly Tensor[] => {
    const values: Tensor[] = [];
    const rank0 = (v: number): Tensor => fromData([], dtype === 'float64' ? Float64Array.of(v) : Float32Array.of(v));
    const scalarTensors = scalars.map(rank0);
    const pick = (s: Source): Tensor | undefined =>
      s.kind === 'member' ? values[s.index] : s.kind === 'input' ? inputs[s.index] : scalarTensors[s.index];
    members.forEach((m, i) => {
      const args = (operands[i] ?? []).map((s) => {
        const t = pick(s);
        if (t === undefined) throw new Error('internal: a fused operand is missing');
        return t;
      });
      values.push(m.run(args));
    });
    return values.filter((_, i) => escaping[i]);
  };

/** The call that runs `program`, or the equations one by one when WebAssembly is not in use. */
const groupCall =
  (program: FusedProgram, shape: readonly number[], fallback: GroupCall): GroupCall =>
  (inputs, scalars) => {
    const arrays = runFused(
      program,
      inputs.map((t) => t.data),
      scalars,
    );
    return arrays === null ? fallback(inputs, scalars) : arrays.map((d) => fromData(shape, d));
  };

/**
 * Emits `group` as one fused call; `escapes(id)` says whether the variable is read outside the group (by a
 * later equation, or as a result). Binds each escaping member to its tensor.
 */
export const emitGroup = (group: FusionGroup, escapes: (id: number) => boolean, out: Emitter): void => {
  const escaping = group.members.map((m) => escapes(m.out.id));
  const { program, inputs, scalars, operands } = groupProgram(group, escaping);
  const first = group.members[0];
  if (first === undefined) return;
  const call = groupCall(program, first.out.shape, unfused(group.members, operands, escaping, first.out.dtype));
  const ins = inputs.map((x) => (x instanceof Staged ? out.tensorOf(x) : out.constant(x)));
  const nums = scalars.map((x) => (x instanceof Staged ? out.numberOf(x) : numberLiteral(elementAt(x.data, 0))));
  const name = out.temp('o');
  out.declare(name, `${out.constant(call)}([${ins.join(', ')}], [${nums.join(', ')}])`);
  group.members.filter((_, i) => escaping[i]).forEach((m, i) => out.bindTensor(m.out, `${name}[${i}]`));
};
