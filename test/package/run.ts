/**
 * The package suite (`npm run test:package`): proves that the packed tarball works for a user. It packs the
 * repository, installs the tarball into a fresh project outside it, and checks that project's view of
 * gradfold: plain Node ESM, TypeScript under the bundler/node16/nodenext resolutions, a browser bundle run in
 * headless Chromium, and the package linters. Each check prints `ok: <what>` or `FAIL: <what>` and why; the
 * last line is `N passed, M failed`, and the exit code is non-zero when anything failed.
 *
 * Needs the repository's dev dependencies (typescript, esbuild, playwright-core, publint,
 * @arethetypeswrong/cli) and Chromium at /usr/bin/chromium (`apt-get install -y chromium`; or CHROMIUM_PATH).
 * Keeps its temporary folders with --keep, for a look at the consumer project after a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checks, FatalCheck } from './harness.ts';
import { browserChecks } from './steps/browser.ts';
import { makeConsumer } from './steps/consumer.ts';
import { lintTarball } from './steps/lint.ts';
import { runNodeConsumers } from './steps/node-esm.ts';
import { packTarball } from './steps/pack.ts';
import { typeCheckConsumers } from './steps/typescript.ts';

const main = async (): Promise<number> => {
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  const checks = new Checks();
  const work = await mkdtemp(join(tmpdir(), 'gradfold-package-'));
  try {
    const tarball = await packTarball(checks, work);
    const consumer = join(work, 'consumer');
    await makeConsumer(checks, consumer, tarball.path);
    await runNodeConsumers(checks, consumer);
    await typeCheckConsumers(checks, consumer);
    await browserChecks(checks, consumer);
    await lintTarball(checks, tarball.path);
  } catch (e) {
    if (!(e instanceof FatalCheck)) throw e;
    console.log(`stopped: the remaining checks need "${e.message}"`);
  } finally {
    if (keep) console.log(`kept: ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(checks.summary());
  return checks.failures.length === 0 ? 0 : 1;
};

process.exitCode = await main();
