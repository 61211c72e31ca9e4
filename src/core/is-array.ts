/**
 * `Array.isArray` with an honest type: it narrows to `readonly unknown[]`, where the built-in narrows an unknown
 * value to `any[]` (whose elements the type checker would then let through unchecked). A readonly array type
 * narrows to itself.
 */
export const isArray = (x: unknown): x is readonly unknown[] => Array.isArray(x);
