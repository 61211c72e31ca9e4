/**
 * The fused elementwise kernels' JavaScript side (src/wasm/assembly/fused.ts runs them): a `FusedProgram` is a
 * chain of elementwise ops over streams of one length and dtype, as registers and instructions; `runFused`
 * copies the input streams into the kernels' memory, runs the program over them in blocks (on several threads
 * above a measured size, split at block boundaries: each element is computed by one thread, by the same
 * instructions, so the bits do not depend on the thread count), and copies out the streams that leave it.
 *
 * Registers, in this order: `inputs` input streams, `scalars` values splat across the lanes, `outputs` output
 * streams, `scratch` blocks (intermediate values that never leave the chain).
 */
import { type DType, type TypedArray, allocateOverwritten } from '../core/dtype.js';
import type { BinaryName } from '../core/kernels/binary.js';
import type { UnaryName } from '../core/kernels/unary.js';
import { wasmContext } from './config.js';

/**
 * The fused kernels' opcode of every binary op of core/kernels/binary.ts, by its name there (null: not fused;
 * a new op does not compile until it is given a code or null here).
 */
export const fusedBinaryOpcodes = {
  add: 1,
  sub: 2,
  mul: 3,
  div: 4,
  maximum: 5,
  minimum: 6,
  mulNoNan: 7,
  greater: 8,
  greaterEqual: 9,
  less: 10,
  lessEqual: 11,
  equal: 12,
  notEqual: 13,
  pow: null,
} as const satisfies { readonly [K in BinaryName]: number | null };

/**
 * The fused kernels' opcode of every unary op of core/kernels/unary.ts, by its name there (null: not fused).
 * Codes from `firstFloat32Only` are float32-only: transcendentals computed by math-f32.ts's lane functions, as
 * the elementwise kernels compute them (within 1 ulp of the correctly rounded result); float64's stay in
 * JavaScript.
 */
export const fusedUnaryOpcodes = {
  neg: 20,
  abs: 21,
  sqrt: 22,
  sign: 23,
  relu: 24,
  positive: 25,
  isFinite: 26,
  isNaN: 27,
  exp: 40,
  log: 41,
  log1p: 42,
  expm1: 43,
  tanh: 44,
  sigmoid: 45,
  softplus: 46,
  sin: null,
  cos: null,
} as const satisfies { readonly [K in UnaryName]: number | null };

/** The opcode of `where` (operands a, b, cond: cond ≠ 0 ? a : b). */
const whereOpcode = 30;

/** The first float32-only opcode. */
const firstFloat32Only = 40;

/** The names of a table's entries that have a code. */
type Coded<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** A binary op the fused kernels compute. */
export type FusedBinaryOp = Coded<typeof fusedBinaryOpcodes>;

/** A unary op the fused kernels compute. */
export type FusedUnaryOp = Coded<typeof fusedUnaryOpcodes>;

/** An op the fused kernels compute (in both dtypes, except `fusedFloat32Only`). */
export type FusedOp = FusedBinaryOp | FusedUnaryOp | 'where';

/** True for the name of a binary op the fused kernels compute. */
export const isFusedBinary = (name: string): name is FusedBinaryOp =>
  Object.hasOwn(fusedBinaryOpcodes, name) && Reflect.get(fusedBinaryOpcodes, name) !== null;

/** True for the name of a unary op the fused kernels compute. */
export const isFusedUnary = (name: string): name is FusedUnaryOp =>
  Object.hasOwn(fusedUnaryOpcodes, name) && Reflect.get(fusedUnaryOpcodes, name) !== null;

/** True for the name of an op the fused kernels compute. */
export const isFusedOp = (name: string): name is FusedOp =>
  name === 'where' || isFusedBinary(name) || isFusedUnary(name);

/** Every op the fused kernels compute. */
export const fusedOps: readonly FusedOp[] = [
  ...Object.keys(fusedBinaryOpcodes).filter(isFusedBinary),
  ...Object.keys(fusedUnaryOpcodes).filter(isFusedUnary),
  'where',
];

/** The opcode of a fused op. */
export const fusedOpcode = (op: FusedOp): number =>
  op === 'where' ? whereOpcode : isFusedBinary(op) ? fusedBinaryOpcodes[op] : fusedUnaryOpcodes[op];

/** The float32-only ops (see `fusedUnaryOpcodes`). */
export const fusedFloat32Only: ReadonlySet<string> = new Set(
  Object.entries(fusedUnaryOpcodes).flatMap(([op, code]) => (code !== null && code >= firstFloat32Only ? [op] : [])),
);

/** The operand count of an op: 1, 2 or 3 (where). */
export const fusedArity = (op: FusedOp): number => (op === 'where' ? 3 : isFusedUnary(op) ? 1 : 2);

/** One instruction: dst = op(a, b, c) (registers; unused operands repeat a). */
export interface FusedInstruction {
  readonly op: FusedOp;
  readonly dst: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** A chain of elementwise ops over streams of `length` elements of `dtype` (see the module's note). */
export interface FusedProgram {
  readonly dtype: DType;
  readonly length: number;
  readonly inputs: number;
  readonly scalars: number;
  readonly outputs: number;
  readonly scratch: number;
  /** Five i32 per instruction: opcode, dst, a, b, c. */
  readonly code: Int32Array;
}

/** The program of `instructions` over registers counted as in the module's note. */
export const fusedProgram = (
  dtype: DType,
  length: number,
  counts: { readonly inputs: number; readonly scalars: number; readonly outputs: number; readonly scratch: number },
  instructions: readonly FusedInstruction[],
): FusedProgram => {
  if (dtype === 'float64' && instructions.some((ins) => fusedFloat32Only.has(ins.op))) {
    throw new Error('internal: a float64 fused program with a float32-only op');
  }
  const code = new Int32Array(instructions.length * 5);
  instructions.forEach((ins, k) => code.set([fusedOpcode(ins.op), ins.dst, ins.a, ins.b, ins.c], k * 5));
  return { dtype, length, ...counts, code };
};

/** Elements per block: each scratch register is one block (measured: 512 to 4096 tie, 256 is slower). */
export const fusedBlock = 1024;

/**
 * Programs of at least this many elements × instructions are split between threads: about 0.4 ms of kernel
 * work. A worker that has just run a share spins for ~0.6 ms and takes the next at once (11–15 µs), but inside a
 * training step of a few milliseconds it has parked again, and waking it costs 50–80 µs: a program of ~0.1 ms
 * (Adam over MNIST's 100k-weight layer) gained nothing split, and lost when the second core was busy.
 */
export const fusedThreadWork = 1 << 21;

/** Register kinds, as the kernel reads them. */
const BLOCK = 0;
const STREAM = 1;
const SPLAT = 2;

/** Views over the whole memory, remade when it grows (a call writes through them without making views). */
interface Views {
  readonly buffer: ArrayBufferLike;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

let views: Views | null = null;

const viewsOf = (buffer: ArrayBufferLike): Views => {
  if (views?.buffer !== buffer) {
    views = { buffer, u32: new Uint32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
  }
  return views;
};

/**
 * Runs \`program\` on input streams \`inputs\` (each of \`program.length\` elements of its dtype) and the values
 * \`scalars\`: the output streams, in register order, as fresh arrays; null when the WebAssembly backend is not
 * in use (the caller then computes the chain with its reference kernels).
 */
export const runFused = (
  program: FusedProgram,
  inputs: readonly TypedArray[],
  scalars: readonly number[],
): TypedArray[] | null => {
  const context = wasmContext();
  if (context === null) return null;
  const { arena } = context;
  const { dtype, length: n, code } = program;
  const wide = dtype === 'float64';
  const size = wide ? 8 : 4;
  const count = code.length / 5;
  const blocks = Math.ceil(n / fusedBlock);
  const pool = n * count >= fusedThreadWork ? context.pool() : null;
  const threads = Math.max(1, Math.min(pool?.size ?? 1, blocks));
  const registers = program.inputs + program.scalars + program.outputs + program.scratch;
  const scratchBytes = program.scratch * fusedBlock * size;
  const mark = arena.mark();
  try {
    // the small parts first (code, splats, register tables, scratch blocks: 16-byte aligned), then the streams
    const up = (bytes: number, to: number): number => Math.ceil(bytes / to) * to;
    const codeBytes = up(code.byteLength, 16);
    const tableBytes = up(threads * registers * 8, 64);
    const small = arena.alloc(codeBytes + program.scalars * 16 + tableBytes + 64 + threads * scratchBytes);
    const splats = small + codeBytes;
    const tables = splats + program.scalars * 16;
    const scratch = up(tables + tableBytes, 64);
    const ins: number[] = [];
    for (const x of inputs) ins.push(arena.alloc(x.byteLength));
    const outs: number[] = [];
    for (let i = 0; i < program.outputs; i++) outs.push(arena.alloc(n * size));
    const v = viewsOf(arena.buffer());
    const data = wide ? v.f64 : v.f32;
    inputs.forEach((x, i) => data.set(x, (ins[i] ?? 0) / size));
    v.u32.set(code, small / 4);
    scalars.forEach((x, i) => data.fill(x, (splats + 16 * i) / size, (splats + 16 * (i + 1)) / size));
    const shares: number[][] = [];
    const perThread = Math.ceil(blocks / threads) * fusedBlock;
    for (let t = 0; t < threads; t++) {
      const table = tables + t * registers * 8;
      let w = table / 4;
      // One register: its byte address, then its kind.
      const register = (at: number, kind: number): void => {
        v.u32[w++] = at;
        v.u32[w++] = kind;
      };
      for (const at of ins) register(at, STREAM);
      for (let i = 0; i < program.scalars; i++) register(splats + 16 * i, SPLAT);
      for (const at of outs) register(at, STREAM);
      for (let i = 0; i < program.scratch; i++) register(scratch + t * scratchBytes + i * fusedBlock * size, BLOCK);
      const start = t * perThread;
      const end = Math.min(n, start + perThread);
      if (start < end) shares.push([small, count, table, start, end, fusedBlock]);
    }
    const kernel = wide ? 'fused64' : 'fused32';
    if (pool !== null && shares.length > 1) pool.runShares(kernel, shares, n * count);
    else for (const share of shares) context.runtime.kernel(kernel)(...share);
    return outs.map((at) => {
      const out = allocateOverwritten(dtype, n); // every element set below
      out.set(data.subarray(at / size, at / size + n));
      return out;
    });
  } finally {
    arena.release(mark);
  }
};
