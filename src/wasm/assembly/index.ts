/**
 * The WebAssembly kernels' entry: every export of the module gradfold instantiates. The module has no
 * allocator and keeps no state: JavaScript (src/wasm/arena.ts) places operands in the shared memory and passes
 * byte offsets. Each family lives in its own file.
 */
export * from './matmul';
export * from './elementwise';
export * from './reduce';
export * from './optim';
export * from './fused';
export * from './probe';

/** The first byte past the module's static data: JavaScript's arena starts at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
