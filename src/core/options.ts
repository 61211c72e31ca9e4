/**
 * Options objects from JavaScript callers: a key the function does not know is refused, with the nearest
 * valid key suggested, instead of being ignored (a misspelt `patiance` silently running with the default
 * is a wrong answer with no error).
 */
import { ArgumentError } from './errors.js';

/** Every key of an options type, each mapped to `true`: the compiler checks that none is missing. */
export type KeySet<O> = { readonly [K in keyof Required<O>]: true };

/** Levenshtein distance between two short strings (insertions, deletions, substitutions). */
const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(
        Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
};

/** The known key nearest to `key` when it is close enough to be a typo (at most a third of its letters off). */
const nearest = (key: string, known: readonly string[]): string | undefined => {
  const scored = known
    .map((k) => [k, distance(key.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1]);
  const best = scored[0];
  return best !== undefined && best[1] <= Math.max(1, Math.floor(key.length / 3)) ? best[0] : undefined;
};

/**
 * refuseUnknownKeys(where, options, keys, moved?): throws an ArgumentError naming the first key of `options` that
 * `keys` does not list, e.g. `fit: unknown option "patiance" in earlyStop (did you mean "patience"?)`. `moved`
 * maps keys that used to exist to a sentence saying where the feature lives now.
 */
export const refuseUnknownKeys = <O>(
  where: string,
  options: O,
  keys: KeySet<O>,
  moved: Readonly<Record<string, string>> = {},
): void => {
  if (typeof options !== 'object' || options === null) return;
  const known = Object.keys(keys);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint =
      moved[key] ??
      (nearest(key, known) === undefined
        ? `valid options: ${known.join(', ')}`
        : `did you mean "${nearest(key, known)}"?`);
    throw new ArgumentError(where, `unknown option "${key}" (${hint})`);
  }
};
