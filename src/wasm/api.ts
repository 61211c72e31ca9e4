/**
 * The few WebAssembly and host-thread facilities gradfold uses, typed structurally. The root entry compiles
 * without the DOM or Node type libraries (a consumer may have neither), so it cannot name `WebAssembly` from
 * them; these interfaces describe the parts used, and `hostWebAssembly()` finds the engine's object at run time.
 */

/** A linear memory: its current bytes, and growth by 64 KiB pages. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** A compiled module (opaque: it is only handed to `Instance` and to workers). */
export interface WasmModule {
  readonly compiled: true;
}

/** An instance's exports: functions and globals by name (read through `exportFunction`). */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** The engine's `WebAssembly` object, as far as gradfold uses it. */
export interface WasmEngine {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  ) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** The host's WebAssembly object, or null where there is none. */
export const hostWebAssembly = (): WasmEngine | null => {
  const engine: unknown = Reflect.get(globalThis, 'WebAssembly');
  return isEngine(engine) ? engine : null;
};

/** Whether x has the members of `WebAssembly` gradfold uses (functions where they should be). */
const isEngine = (x: unknown): x is WasmEngine =>
  typeof x === 'object' &&
  x !== null &&
  ['validate', 'Module', 'Instance', 'Memory'].every((k) => typeof Reflect.get(x, k) === 'function');

/** A kernel export: numbers (byte offsets, sizes, flags, constants) in, a number or nothing out. */
export type KernelFunction = (...args: number[]) => number;

/** The export `name` of an instance as a callable kernel; a missing export is an internal error. */
export const exportFunction = (instance: WasmInstance, name: string): KernelFunction => {
  const f = instance.exports[name];
  if (typeof f !== 'function') throw new Error(`internal: the WebAssembly module has no function ${name}`);
  return (...args: number[]): number => {
    const r: unknown = Reflect.apply(f, undefined, args);
    return typeof r === 'number' ? r : 0;
  };
};
