/** The WebAssembly route of the elementwise kernels (owner: the elementwise work; see dispatch.ts). */
import type { TypedArray } from '../core/dtype.js';
import type { BinaryName, BroadcastPlan } from '../core/kernels/binary.js';
import type { UnaryName } from '../core/kernels/unary.js';

/** out[i] = f(x[i]) as `unaryKernels[name]` computes it; false when the WebAssembly kernels do not take it. */
export const wasmUnary = (_name: UnaryName, _x: TypedArray, _out: TypedArray): boolean => false;

/** out = f(a, b) along the plan as `binaryKernels[name]` computes it; false when WebAssembly does not take it. */
export const wasmBinary = (_name: BinaryName, _a: TypedArray, _b: TypedArray, _out: TypedArray, _plan: BroadcastPlan): boolean => false;
