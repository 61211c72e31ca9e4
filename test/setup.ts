/**
 * Test-suite setup: property tests run from a fixed seed so that CI is reproducible; set FC_SEED to explore
 * other seeds locally (a failure prints the seed and the shrunk counterexample). GRADFOLD_BACKEND=js runs the
 * whole suite on the JavaScript reference kernels (the default is the WebAssembly backend), and
 * GRADFOLD_THREADS=n sets the thread count.
 */
import fc from 'fast-check';
import { configureCompute } from '../src/wasm/config.ts';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261121) });

const backend = process.env['GRADFOLD_BACKEND'];
if (backend === 'js' || backend === 'wasm') configureCompute({ backend });
else if (backend !== undefined) throw new Error(`GRADFOLD_BACKEND must be 'js' or 'wasm', got ${backend}`);
const threads = process.env['GRADFOLD_THREADS'];
if (threads !== undefined) configureCompute({ threads: Number(threads) });
