/**
 * Reads that cannot fail unless gradfold itself is wrong: an index the code has already proven in range (a
 * rank-0 tensor's element 0, row i of a batch of m rows). TypeScript cannot see the proof, so instead of
 * falling back to NaN (which would turn a gradfold bug into a silent wrong answer), a broken proof throws at
 * once with `internal:` in its message.
 */

/** xs[i] for an index the caller has proven in range; an `internal:` Error when the proof is broken. */
export const elementAt = (xs: ArrayLike<number>, i: number): number => {
  const v = xs[i];
  if (v === undefined) throw new Error(`internal: element ${i} read outside a length of ${xs.length}`);
  return v;
};
