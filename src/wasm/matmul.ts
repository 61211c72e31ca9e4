/** The WebAssembly route of the matrix product (owner: the matmul work; see dispatch.ts). */
import type { TypedArray } from '../core/dtype.js';

/**
 * out[oOff…] += op(a)·op(b) for one m×k by k×n product, as `matmulKernel` (core/kernels/matmul.ts) computes it;
 * false when the WebAssembly kernels do not take this call.
 */
export const wasmMatmul = (
  _a: TypedArray, _aOff: number, _b: TypedArray, _bOff: number, _out: TypedArray, _oOff: number,
  _m: number, _k: number, _n: number, _transA: boolean, _transB: boolean,
): boolean => false;
