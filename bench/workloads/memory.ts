/**
 * (e) Resident memory over many training steps of (d) at batch 32, in a fresh child process (so that the
 * other workloads' allocations do not blur it), with a full garbage collection before each reading. Reports
 * the resident set size at step 100 and at a few later checkpoints up to the last step, in MB.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Result } from '../harness.ts';

/** The checkpoints (steps after which the RSS is read) of a run of `steps` steps. */
export const checkpoints = (steps: number): number[] => [
  ...new Set([100, ...[0.25, 0.5, 0.75, 1].map((f) => Math.max(100, Math.round(f * steps)))]),
];

/** Runs the child and returns one result per checkpoint (median = min = max = the reading). */
export const memoryResults = (steps: number): Result[] => {
  const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', child, String(steps)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return out
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number))
    .map(([step = 0, mb = NaN]) => ({
      workload: 'e rss mlp batch 32',
      size: `step ${step}`,
      peer: 'gradfold',
      median: mb,
      min: mb,
      max: mb,
      unit: 'MB',
    }));
};
