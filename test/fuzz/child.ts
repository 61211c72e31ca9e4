/**
 * The fuzzing child process: calls every function the package's four entries export with argument lists drawn
 * from `argumentsArb` (a fixed seed per function), and reports through IPC each call before it is made (so the
 * parent can name a call that hangs or crashes the process) and every outcome that is not allowed: an error
 * that is not a GradfoldError (an engine message such as "Cannot read properties of undefined"), or a
 * malformed tensor returned. It runs in a temporary working directory (some functions write files).
 */
import fc from 'fast-check';
import * as root from '../../src/index.ts';
import * as nodeEntry from '../../src/node.ts';
import * as report from '../../src/report/index.ts';
import * as testing from '../../src/testing.ts';
import { GradfoldError, describeValue } from '../../src/core/errors.ts';
import { CallerError, argumentsArb } from './adversarial.ts';

/** What the child tells the parent. */
export type ChildMessage =
  | { readonly type: 'call'; readonly name: string; readonly args: string }
  | { readonly type: 'failure'; readonly name: string; readonly args: string; readonly error: string }
  | { readonly type: 'done'; readonly calls: number };

/** Exports that are not gradfold's own code to fuzz: fp-ts's pipe applies whatever it is given. */
const skipped = new Set(['pipe']);

const runs = Number(process.env['FUZZ_RUNS'] ?? 25);
const baseSeed = Number(process.env['FUZZ_SEED'] ?? 20261129);

/** Sends a message; the promise settles once it has left the process (so that nothing is lost at exit). */
const send = (m: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(m, undefined, {}, () => resolve());
  });

/** A seed per function name, so that adding an export does not change the other functions' arguments. */
const seedOf = (name: string): number => [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, baseSeed);

const isClass = (f: unknown): boolean =>
  typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

/** Why a returned tensor is malformed, or undefined when it is well formed. */
const malformed = (v: unknown): string | undefined => {
  if (!root.isTensor(v)) return undefined;
  if (!v.shape.every((d) => Number.isInteger(d) && d >= 0))
    return `a tensor of impossible shape [${v.shape.join(',')}]`;
  const size = v.shape.reduce((a, b) => a * b, 1);
  return v.data.length === size ? undefined : `a tensor of shape [${v.shape.join(',')}] with ${v.data.length} elements`;
};

const isAllowed = (e: unknown): boolean => e instanceof GradfoldError || e instanceof CallerError;

const describeError = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message.split('\n')[0] ?? ''}` : `a thrown ${describeValue(e)}`;

/** A function of any arguments, as the fuzzer calls them. */
type AnyFunction = (...args: readonly unknown[]) => unknown;

const isFunction = (v: unknown): v is AnyFunction => typeof v === 'function' && !isClass(v);
const isObject = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> => isObject(v) && Symbol.asyncIterator in v;
const isIterable = (v: unknown): v is Iterable<unknown> => isObject(v) && Symbol.iterator in v && !root.isTensor(v);

/**
 * Drives what a call returned a little further: awaits a promise, pulls a few items of an iterator, calls a function
 * once.
 */
const follow = async (value: unknown, name: string, depth: number, fresh: () => readonly unknown[]): Promise<void> => {
  const bad = malformed(value);
  if (bad !== undefined) throw new Error(`returned ${bad}`);
  if (value instanceof Promise) return follow(await value, name, depth, fresh);
  if (isFunction(value) && depth < 1) {
    const args = fresh();
    void send({ type: 'call', name: `${name}(…)`, args: args.map(describeValue).join(', ') }); // never rejects
    return follow(value(...args), `${name}(…)`, depth + 1, fresh);
  }
  let pulled = 0;
  if (isAsyncIterable(value)) {
    for await (const item of value) {
      if (malformed(item) !== undefined || ++pulled >= 3) break;
    }
  } else if (isIterable(value)) {
    for (const item of value) {
      if (malformed(item) !== undefined || ++pulled >= 3) break;
    }
  }
};

const main = async (): Promise<void> => {
  const entries = [root, nodeEntry, report, testing];
  const functions = new Map<string, AnyFunction>();
  for (const entry of entries) {
    for (const [name, value] of Object.entries(entry)) {
      if (isFunction(value) && !skipped.has(name)) functions.set(name, value);
    }
  }
  const only = process.env['FUZZ_ONLY']?.split(',');
  let calls = 0;
  for (const [name, fn] of [...functions].sort(([a], [b]) => a.localeCompare(b))) {
    if (only !== undefined && !only.includes(name)) continue;
    const samples = fc.sample(argumentsArb, { seed: seedOf(name), numRuns: runs });
    let followUps = fc.sample(argumentsArb, { seed: seedOf(name) + 1, numRuns: runs });
    const fresh = (): readonly unknown[] => {
      const [head, ...rest] = followUps;
      followUps = rest;
      return head ?? [];
    };
    for (const args of samples) {
      const shown = args.map(describeValue).join(', ');
      void send({ type: 'call', name, args: shown }); // not awaited: the parent reads them in order
      calls += 1;
      try {
        await follow(fn(...args), name, 0, fresh);
      } catch (e) {
        if (!isAllowed(e)) void send({ type: 'failure', name, args: shown, error: describeError(e) });
      }
    }
  }
  await send({ type: 'done', calls });
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    void send({ type: 'failure', name: '(fuzzer)', args: '', error: describeError(e) }).then(() => process.exit(1));
  },
);
