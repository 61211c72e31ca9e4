/** Kernels of this family (filled in by its owner). */
export function matmulVersion(): i32 {
  return 1;
}
