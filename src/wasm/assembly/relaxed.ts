/**
 * The relaxed-SIMD module's entry: only the float32 matrix products, whose steps can fuse (f32x4.relaxed_madd).
 * module.ts instantiates it beside the main module, over the same memory, where the host validates relaxed SIMD,
 * and its exports take the place of the main module's of the same names. No static data: instantiating it
 * writes nothing into the shared memory.
 */
export { matmulF32, matmulRowsF32, matmulMaddF32 } from './matmul';
