/** A helper of the op tables (binary.ts, unary.ts): a view of every entry of a table, under the same keys. */

/** Whether `o` has every key of `keys` (then it is the whole record). */
const hasAll = <K extends string, B>(o: Partial<Record<K, B>>, keys: readonly K[]): o is Record<K, B> =>
  keys.every((k) => Object.hasOwn(o, k));

/** mapTable(table, f): the record {k: f(table[k])} over the keys of `table`. */
export const mapTable = <K extends string, A, B>(
  table: { readonly [P in K]: A },
  f: (entry: A) => B,
): { readonly [P in K]: B } => {
  const keys = Object.keys(table).filter((k): k is K => Object.hasOwn(table, k));
  const out: Partial<Record<K, B>> = {};
  for (const k of keys) out[k] = f(table[k]);
  if (!hasAll(out, keys)) throw new Error('internal: mapTable lost a key');
  return out;
};
