/**
 * Turns WebAssembly relaxed SIMD on where the runtime has it behind a flag (Node 20:
 * `--experimental-wasm-relaxed-simd`; on by default from Node 22 and in Chrome 114+), before any module is
 * compiled, so that the bench measures gradfold's fused float32 products as users of a current runtime get them.
 * `GRADFOLD_BENCH_FMA=0` leaves the runtime as it is (float32 products then fuse only where relaxed SIMD is on by
 * default). run.ts imports this module first; every child process it starts runs run.ts, and so this, too.
 */
import { setFlagsFromString } from 'node:v8';
import { hostWebAssembly } from '../src/wasm/api.ts';
import { relaxedProbe } from '../src/wasm/module.ts';

if (process.env['GRADFOLD_BENCH_FMA'] !== '0' && hostWebAssembly()?.validate(relaxedProbe) === false) {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}
