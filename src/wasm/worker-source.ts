/**
 * The program a pool worker runs (Node `worker_threads`, evaluated from this string so that no extra file has
 * to be found at run time). It instantiates the kernels' module (and the relaxed-SIMD module where the caller has
 * one) over the shared memory, says it is ready, and
 * then loops: spin briefly, then sleep until its slot says RUN, claim the share (RUN → CLAIMED; the caller may
 * have taken it back first, see Pool.runShares), call the named export with the slot's arguments, write DONE
 * (or FAILED), wake the caller. Slot layout (Int32 words): 0 state, 1 ready, 2 export index, 3 argument count;
 * float64 arguments from byte 16.
 */
export const slotBytes = 256;
/** The most arguments a pooled kernel call can take. */
export const slotArguments = (slotBytes - 16) / 8;

/**
 * How many times a worker checks its slot before parking (about 0.6 ms of spinning here, measured once the loop is
 * optimised).
 */
export const spinChecks = 100_000;

/** Slot states. */
export const IDLE = 0;
export const RUN = 1;
export const DONE = 2;
export const FAILED = 3;
/** A worker has taken the share and is running it (the caller can no longer take it back). */
export const CLAIMED = 4;

export const workerSource = `
'use strict';
const { workerData } = require('node:worker_threads');
const { module, relaxedModule, memory, names, slot } = workerData;
const imports = { env: { memory, abort() { throw new Error('abort'); } } };
const instance = new WebAssembly.Instance(module, imports);
// The relaxed module's exports (the float32 products) take the place of the main module's, as on the caller.
const over = relaxedModule === null ? null : new WebAssembly.Instance(relaxedModule, imports);
const fns = names.map((n) => (over !== null && n in over.exports ? over : instance).exports[n]);
const words = new Int32Array(memory.buffer, slot, 4);
const args = new Float64Array(memory.buffer, slot + 16, ${slotArguments});
Atomics.store(words, 1, 1);
Atomics.notify(words, 1);
for (;;) {
  let s;
  // Spin a little before parking: a share that follows soon (the next product of a training step) starts at
  // once instead of paying the wake-up of a parked thread (tens of microseconds, more on a busy machine).
  for (let i = 0; i < ${spinChecks} && Atomics.load(words, 0) !== ${RUN}; i++);
  while ((s = Atomics.load(words, 0)) !== ${RUN}) Atomics.wait(words, 0, s);
  // The caller runs a share no worker has claimed once its own are done: claim it first, or leave it.
  if (Atomics.compareExchange(words, 0, ${RUN}, ${CLAIMED}) !== ${RUN}) continue;
  let state = ${DONE};
  try {
    const f = fns[words[2]];
    const argc = words[3];
    const a = new Array(argc);
    for (let i = 0; i < argc; i++) a[i] = args[i];
    f(...a);
  } catch (e) {
    state = ${FAILED};
  }
  Atomics.store(words, 0, state);
  Atomics.notify(words, 0);
}
`;
