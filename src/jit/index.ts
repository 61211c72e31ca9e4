/** jit: functions traced once per argument signature into straight-line JavaScript. */
export { type JitOptions, jit } from './jit.js';
