/**
 * What the host offers for threads, found at run time so that the root entry imports no Node built-in: Node's
 * `worker_threads` and core count through the global `getBuiltinModule` of Node's process object (Node ≥ 20.16),
 * a browser's core count through `navigator`. Everything here is optional; without it gradfold runs on one thread.
 */

/** The part of a Node worker gradfold uses. */
export interface HostWorker {
  unref(): void;
  terminate(): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Node's `Worker` constructor, for a worker whose code is a string. */
export type HostWorkerConstructor = new (code: string, options: { eval: true; workerData: unknown }) => HostWorker;

interface NodeHost {
  readonly globalThis: unknown;
  readonly process?: { readonly getBuiltinModule?: (name: string) => unknown };
  readonly navigator?: { readonly hardwareConcurrency?: number };
}

const nodeModule = (name: string): unknown => {
  const host: NodeHost = globalThis;
  return host.process?.getBuiltinModule?.(name);
};

const isWorkerConstructor = (x: unknown): x is HostWorkerConstructor => typeof x === 'function';

/** Node's worker_threads `Worker`, or null (a browser, or a Node without getBuiltinModule). */
export const hostWorker = (): HostWorkerConstructor | null => {
  const threads = nodeModule('node:worker_threads');
  if (typeof threads !== 'object' || threads === null || !('Worker' in threads) || !('isMainThread' in threads))
    return null;
  const { Worker } = threads;
  return isWorkerConstructor(Worker) ? Worker : null;
};

/** The number of cores the host reports (1 when it reports none). */
export const hostCores = (): number => {
  const os = nodeModule('node:os');
  if (
    typeof os === 'object' &&
    os !== null &&
    'availableParallelism' in os &&
    typeof os.availableParallelism === 'function'
  ) {
    const n: unknown = Reflect.apply(os.availableParallelism, os, []);
    if (typeof n === 'number' && n >= 1) return Math.floor(n);
  }
  const host: NodeHost = globalThis;
  const n = host.navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
};
