/** Fused optimizer steps (filled in by their owner). */
export function optimVersion(): i32 {
  return 1;
}
