/**
 * The WebAssembly routes of the compute functions (core/compute.ts and the optimizers' fused steps). Each
 * `wasm…` function either computes its result into `out` with the WebAssembly kernels and returns true, or
 * returns false (the 'js' backend, a host without SIMD, a dtype mix or size the kernels leave to JavaScript),
 * and the caller runs the JavaScript reference kernel. Each family lives in its own file.
 */
export { wasmMatmul } from './matmul.js';
/** Whether float32 products fuse now: the mode both routes of a product use (`wasmMatmul` and `matmulKernel`). */
export { fusedMultiplyAddInEffect as matmulFused } from './config.js';
export { wasmUnary, wasmBinary, wasmWhere } from './elementwise.js';
export { wasmExtremum, wasmSum } from './reduce.js';
