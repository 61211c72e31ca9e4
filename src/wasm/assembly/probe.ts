/**
 * A diagnostic kernel for the worker pool: it does a known amount of work over a known range, so that tests
 * can check how shares are handed out and that the watchdog fires, without depending on any numeric kernel.
 */

/** For `repeats` rounds, x[i] = x[i] + value for i in [from, to) of the float64 array at byte offset x. */
export function probeAddRange(x: usize, from: i32, to: i32, value: f64, repeats: i32): void {
  for (let r = 0; r < repeats; r++) {
    for (let i = from; i < to; i++) {
      const p = x + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + value);
    }
  }
}
