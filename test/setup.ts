/**
 * Test-suite setup: property tests run from a fixed seed so that CI is reproducible; set FC_SEED to explore
 * other seeds locally (a failure prints the seed and the shrunk counterexample). GRADFOLD_BACKEND=js runs the
 * whole suite on the JavaScript reference kernels (the default is the WebAssembly backend), and
 * GRADFOLD_THREADS=n sets the thread count. GRADFOLD_RELAXED_SIMD=1 turns on V8's relaxed SIMD (off by default
 * in Node 20, on in Node ≥ 22), before the kernels' module is compiled: the relaxed build then runs, and float32
 * products fuse their multiply-adds where the CPU has a fused multiply-add.
 */
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { configureCompute } from '../src/wasm/config.ts';

const relaxed = process.env['GRADFOLD_RELAXED_SIMD'];
if (relaxed === '1') setFlagsFromString('--experimental-wasm-relaxed-simd');
else if (relaxed !== undefined && relaxed !== '0')
  throw new Error(`GRADFOLD_RELAXED_SIMD must be 0 or 1, got ${relaxed}`);

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261121) });

const backend = process.env['GRADFOLD_BACKEND'];
if (backend === 'js' || backend === 'wasm') configureCompute({ backend });
else if (backend !== undefined) throw new Error(`GRADFOLD_BACKEND must be 'js' or 'wasm', got ${backend}`);
const threads = process.env['GRADFOLD_THREADS'];
if (threads !== undefined) configureCompute({ threads: Number(threads) });
