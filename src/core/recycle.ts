/**
 * Arrays known to be dead, offered again to `allocate`. A fresh large typed array costs its page faults (the
 * allocator maps new zero pages, and every first write to a page traps); an array used before costs only the
 * zero fill. `fit` knows which arrays are dead: those of the carry two steps back that the current carry does
 * not hold (nothing else can see a carry inside `fit`), and with a compiled step the arrays the step's program
 * made that its result does not hold, so it runs each step inside `withRecycled(dead, …, collect)`. Outside such
 * a scope `allocate` always returns a fresh array.
 */
// The element types spelled out here (not imported from dtype.ts, which imports this module).
type DType = 'float64' | 'float32';
type TypedArray = Float64Array | Float32Array;

/**
 * Arrays shorter than this are never recycled: the allocator serves them from its free lists without new pages,
 * and a zero fill would cost as much as it saves (measured: 400 kB arrays cost ~40–60 µs fresh, ~10 µs recycled).
 */
export const recycleMinimum = 16384;

/** The offered arrays by dtype and length, or null outside a `withRecycled` scope. */
let offered: Map<string, TypedArray[]> | null = null;
/** Where the scope records the large arrays `allocate` hands out (recycled or fresh), or null. */
let collected: TypedArray[] | null = null;

const slot = (dtype: DType, n: number): string => `${dtype}:${n}`;

/** True when `a` owns its whole, ordinary (not shared, not WebAssembly) buffer: handing it out aliases nothing. */
const ownsBuffer = (a: TypedArray): boolean =>
  a.byteOffset === 0 && a.buffer.byteLength === a.byteLength && a.buffer instanceof ArrayBuffer;

/**
 * A dead array of `n` elements of `dtype`, taken from the current scope's offer (each array is handed out
 * once), zero-filled unless `zero` is false (the caller writes every element); undefined when there is none.
 */
export const recycled = (dtype: DType, n: number, zero = true): TypedArray | undefined => {
  if (offered === null || n < recycleMinimum) return undefined;
  const a = offered.get(slot(dtype, n))?.pop();
  if (a === undefined) return undefined;
  if (zero) a.fill(0);
  collected?.push(a);
  return a;
};

/** Records a fresh array `allocate` made, when the current scope collects them (see `withRecycled`). */
export const noteFresh = (a: TypedArray): void => {
  if (collected !== null && a.length >= recycleMinimum) collected.push(a);
};

/**
 * withRecycled(dead, body, collect?) = body(), with the arrays of `dead` offered to `allocate` while it runs. The
 * caller vouches that nothing will read or write them again. Arrays that are views into a larger buffer, or into
 * shared or WebAssembly memory, are never offered; an array listed twice is offered once. With `collect`, every
 * array of at least `recycleMinimum` elements that `allocate` hands out meanwhile is pushed onto it.
 */
export const withRecycled = <R>(dead: Iterable<TypedArray>, body: () => R, collect?: TypedArray[]): R => {
  const saved = offered;
  const savedCollect = collected;
  const map = new Map<string, TypedArray[]>();
  const seen = new Set<ArrayBufferLike>();
  for (const a of dead) {
    if (a.length < recycleMinimum || !ownsBuffer(a) || seen.has(a.buffer)) continue;
    seen.add(a.buffer);
    const key = slot(a instanceof Float64Array ? 'float64' : 'float32', a.length);
    const list = map.get(key);
    if (list === undefined) map.set(key, [a]);
    else list.push(a);
  }
  offered = map;
  collected = collect ?? null;
  try {
    return body();
  } finally {
    offered = saved;
    collected = savedCollect;
  }
};
