/**
 * Step 2: a fresh consumer project outside the repository (`"type": "module"`, nothing else) installs the
 * tarball as a user would, and gets gradfold's dependencies but none of its optional peers.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Checks, assert, fixturesDir, runOk } from '../harness.ts';

/** The optional peer dependencies, which installing gradfold alone must not bring in. */
const optionalPeers = ['vega', 'vega-lite', 'fast-check'];

/** npm flags for quick, quiet installs from the cache. */
export const npmInstallFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * makeConsumer(checks, dir, tarball): the consumer project in dir, with the tarball installed and the fixtures copied
 * in.
 */
export const makeConsumer = async (checks: Checks, dir: string, tarball: string): Promise<void> => {
  await checks.check(
    'a fresh consumer project installs the tarball',
    async () => {
      await mkdir(dir, { recursive: true });
      const pkg = { name: 'gradfold-consumer', version: '1.0.0', private: true, type: 'module' };
      await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
      await runOk('npm', ['install', ...npmInstallFlags, tarball], { cwd: dir });
      assert(
        existsSync(join(dir, 'node_modules/gradfold/dist/index.js')),
        'node_modules/gradfold/dist/index.js is missing after the install',
      );
      await cp(fixturesDir, dir, { recursive: true });
    },
    { fatal: true },
  );
  await checks.check(`installing gradfold alone installs none of ${optionalPeers.join(', ')}`, () => {
    const present = optionalPeers.filter((p) => existsSync(join(dir, 'node_modules', p)));
    assert(present.length === 0, `installed although optional peers: ${present.join(', ')}`);
  });
};
