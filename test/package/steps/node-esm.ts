/**
 * Step 2(a): plain Node ESM consumers run in the consumer project: fixtures/app.mjs (the root: gradients and an
 * Adam step against hand-computed values) and fixtures/node-entry.mjs (gradfold/node's checkpoint and CSV
 * files, and the errors naming the missing optional peers). Each fixture throws on a wrong value.
 */
import { type Checks, runOk } from '../harness.ts';

/** runNodeConsumers(checks, dir): runs both fixtures with node in the consumer project `dir`. */
export const runNodeConsumers = async (checks: Checks, dir: string): Promise<void> => {
  await checks.check(
    "node app.mjs: 'gradfold' gives ∇Σx² = [2, 4, 6] at [1, 2, 3], the README's {w: −14, b: −6}, " +
      "and Adam's first step −0.1·sign(g)",
    async () => {
      await runOk(process.execPath, ['app.mjs'], { cwd: dir });
    },
  );
  await checks.check(
    "node node-entry.mjs: 'gradfold/node' checkpoint round trip and loadCsv; without the peers " +
      "renderSvg rejects naming vega and 'gradfold/testing' fails naming fast-check",
    async () => {
      await runOk(process.execPath, ['node-entry.mjs'], { cwd: dir });
    },
  );
};
