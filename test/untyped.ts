/**
 * The untyped door: gradfold as a JavaScript caller (no type checker) reaches it, for the tests that pass wrong
 * arguments on purpose. Results are `unknown`: a test narrows them before use.
 */
import * as g from '../src/index.ts';

/** A function as a JavaScript caller sees it: any arguments. */
export type Loose = (...args: readonly unknown[]) => unknown;

/** callable(v)(...args): v called as JavaScript calls it (an Error when v is no function). */
export const callable =
  (v: unknown): Loose =>
  (...args) => {
    if (typeof v !== 'function') throw new Error(`not a function: ${String(v)}`);
    const result: unknown = Reflect.apply(v, undefined, args);
    return result;
  };

/** loose(f): the typed function f as a JavaScript caller sees it. */
export const loose = <F extends (...args: never[]) => unknown>(f: F): Loose => callable(f);

/** gradfold's root exports that are functions, by name. */
const rootFunctions = new Map(Object.entries(g).filter(([, v]) => typeof v === 'function'));

/** call(name, ...args): a thunk that calls the root export `name` with args (an Error when there is none). */
export const call =
  (name: string, ...args: readonly unknown[]) =>
  (): unknown => {
    const f = rootFunctions.get(name);
    if (f === undefined) throw new Error(`no export ${name}`);
    return callable(f)(...args);
  };
