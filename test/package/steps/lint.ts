/**
 * Step 2(d): the tarball through the two package linters. publint with --strict (any warning or error fails;
 * suggestions are printed); @arethetypeswrong/cli with the esm-only profile (gradfold is ESM-only for Node ≥ 20
 * and bundlers, so CommonJS `require` resolutions are out of scope) must report no problem.
 */
import { join } from 'node:path';
import { type Checks, assert, indent, repoRoot, run } from '../harness.ts';

const bin = (name: string): string => join(repoRoot, 'node_modules/.bin', name);

/** lintTarball(checks, tarball): publint and attw on the packed tarball. */
export const lintTarball = async (checks: Checks, tarball: string): Promise<void> => {
  const publint = run(bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion'], { cwd: repoRoot });
  const attw = run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-color', '--no-emoji'], { cwd: repoRoot });
  let publintNotes = '';
  await checks.check('publint --strict on the tarball: no warnings or errors', async () => {
    const r = await publint;
    const output = `${r.stdout}${r.stderr}`;
    assert(r.code === 0, `publint exited with ${r.code}:\n${indent(output)}`);
    if (!output.includes('All good!')) publintNotes = output;
  });
  if (publintNotes !== '') console.log(indent(`publint's suggestions:\n${publintNotes}`));
  await checks.check(
    'attw --profile esm-only on the tarball: no problems under node16 (from ESM) and bundler resolution',
    async () => {
      const r = await attw;
      assert(r.code === 0, `attw exited with ${r.code}:\n${indent(`${r.stdout}${r.stderr}`)}`);
    },
  );
};
