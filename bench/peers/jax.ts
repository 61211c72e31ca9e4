/**
 * jax-js as a peer, on its WebAssembly device (its `cpu` device is an interpreter meant for debugging).
 * jax-js arrays are reference counted: every op consumes its arguments, `.ref` keeps one alive.
 */
import * as jax from '@jax-js/jax';

let ready: Promise<void> | null = null;

/** Initialises jax-js on the wasm device once and returns the module. */
export const useJax = async (): Promise<typeof jax> => {
  ready ??= jax.init('wasm').then((devices) => {
    if (!devices.includes('wasm')) throw new Error('jax-js: the wasm device is not available');
    jax.defaultDevice('wasm');
  });
  await ready;
  return jax;
};

export { jax };

/** A jax-js array. */
export type JaxArray = jax.Array;
