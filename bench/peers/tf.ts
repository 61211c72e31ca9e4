/**
 * TensorFlow.js as a peer: tfjs-core with the plain-JS CPU backend and the WebAssembly backend. The wasm
 * binaries are read from node_modules (no download). The backend is global in tfjs, so every case selects
 * its backend in its setup. tfjs-core's Node build ships no gradients (its
 * `register_all_gradients` is ESM that Node cannot load), so the `@tensorflow/tfjs` bundle is imported for its side
 * effect: it registers every gradient in the registry all tfjs packages share.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The two tfjs backends we compare against. */
export type TfBackend = 'cpu' | 'wasm';

let wasmPathsSet = false;

/** Selects a tfjs backend (loading the wasm binaries from node_modules on first use) and returns tfjs. */
export const useTf = async (backend: TfBackend): Promise<typeof tf> => {
  if (backend === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dir}${path.sep}`);
    wasmPathsSet = true;
  }
  tf.enableProdMode(); // tfjs's documented setting for speed (skips debug checks; also silences its banner)
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
  return tf;
};

/** The peer name of a tfjs backend. */
export const tfPeer = (backend: TfBackend): string => `tfjs-${backend}`;

export { tf };
