/**
 * Child process of workload (e): `node --expose-gc --import tsx memory-child.ts STEPS` trains the (d) network
 * at batch 32 for STEPS steps and prints "step rssMB" at each checkpoint (after a full collection when `gc`
 * is exposed).
 */
import { gradfoldMlp } from './mlp.ts';
import { checkpoints } from './memory.ts';

const steps = Number(process.argv[2] ?? 10_000);
const at = new Set(checkpoints(steps));
const step = gradfoldMlp(32);
/** A full collection when node runs with --expose-gc (@types/node declares `gc` as possibly undefined). */
const collect = (): void => {
  globalThis.gc?.();
};
let loss = NaN;
for (let i = 1; i <= steps; i++) {
  loss = step();
  if (at.has(i)) {
    collect();
    process.stdout.write(`${i} ${(process.memoryUsage().rss / 2 ** 20).toFixed(2)}\n`);
  }
}
if (!Number.isFinite(loss)) process.exitCode = 1;
