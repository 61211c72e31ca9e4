/**
 * Step 1: `npm pack` the repository (its `prepack` script builds dist/) and check what the tarball holds: the
 * four entry points with their declarations, the license, the README and package.json, and no sources,
 * tests, benchmarks, examples or CI files.
 */
import { join } from 'node:path';
import { type Checks, assert, kB, repoRoot, runOk } from '../harness.ts';

/** The tarball `npm pack` wrote: its path, its file list (paths inside `package/`) and its sizes in bytes. */
export interface Tarball {
  readonly path: string;
  readonly files: readonly string[];
  readonly size: number;
  readonly unpackedSize: number;
}

/** What npm pack --json reports for one package. */
interface PackReport {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

/** Files a user needs. */
const required = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/node.js',
  'dist/node.d.ts',
  'dist/report/index.js',
  'dist/report/index.d.ts',
  'dist/testing.js',
  'dist/testing.d.ts',
];

/** Folders that must stay out of the tarball. */
const forbidden = ['src/', 'test/', 'bench/', '.ci/', 'examples/', 'docs/', 'out/', 'node_modules/'];

/** packTarball(checks, dir): packs the repository into dir and checks the file list. */
export const packTarball = async (checks: Checks, dir: string): Promise<Tarball> => {
  let tarball: Tarball | undefined;
  await checks.check(
    'npm pack builds dist/ and writes the tarball',
    async () => {
      // The build's output goes to stderr; stdout is the JSON report alone.
      const r = await runOk('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot });
      const [report] = JSON.parse(r.stdout) as PackReport[];
      assert(report !== undefined, `npm pack printed no report:\n${r.stdout}`);
      tarball = {
        path: join(dir, report.filename),
        files: report.files.map((f) => f.path),
        size: report.size,
        unpackedSize: report.unpackedSize,
      };
    },
    { fatal: true },
  );
  if (tarball === undefined) throw new Error('unreachable: the pack check is fatal');
  const t = tarball;
  await checks.check(`tarball has ${required.join(', ')}`, () => {
    const missing = required.filter((f) => !t.files.includes(f));
    assert(missing.length === 0, `missing from the tarball: ${missing.join(', ')}`);
  });
  await checks.check(
    `tarball has no ${forbidden.join(', ')} files ` +
      `(${t.files.length} files, ${kB(t.size)} packed, ${kB(t.unpackedSize)} unpacked)`,
    () => {
      const extra = t.files.filter((f) => forbidden.some((d) => f.startsWith(d)));
      assert(extra.length === 0, `in the tarball but should not be: ${extra.slice(0, 20).join(', ')}`);
      const outside = t.files.filter(
        (f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
      );
      assert(outside.length === 0, `unexpected files outside dist/: ${outside.join(', ')}`);
    },
  );
  return t;
};
