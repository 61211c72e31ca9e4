/**
 * Step 2(b): TypeScript consumers, type-checked in the consumer project with the repository's tsc against the
 * installed declarations (`skipLibCheck: false`, so gradfold's own .d.ts files are checked too):
 * - fixtures/consumer.ts (root only) under the bundler, node16 and nodenext resolutions, strict on and off,
 *   with `types: []` and lib ES2022 alone: the root needs neither @types/node nor the DOM;
 * - fixtures/consumer-node.ts (gradfold/node) under node16 and nodenext, strict, with @types/node (the
 *   repository's copy, through typeRoots);
 * - fixtures/root-node-import.ts.txt, which imports saveCheckpoint from the root, must fail.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Checks, type RunResult, assert, indent, repoRoot, run } from '../harness.ts';

/** The module resolutions a consumer may use, each with the `module` setting it requires. */
const resolutions = [
  { moduleResolution: 'bundler', module: 'esnext' },
  { moduleResolution: 'node16', module: 'node16' },
  { moduleResolution: 'nodenext', module: 'nodenext' },
] as const;

type Resolution = (typeof resolutions)[number];

/** One tsc run: what it checks, its tsconfig's name and options, and whether tsc must succeed. */
interface TscCase {
  readonly what: string;
  readonly config: string;
  readonly file: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly expect: 'pass' | 'fail';
}

const base = (r: Resolution, strict: boolean) => ({
  target: 'ES2022',
  lib: ['ES2022'],
  module: r.module,
  moduleResolution: r.moduleResolution,
  strict,
  skipLibCheck: false,
  noEmit: true,
});

const cases: readonly TscCase[] = [
  ...resolutions.flatMap((r) =>
    [true, false].map((strict): TscCase => ({
      what:
        'consumer.ts (root only, no @types/node, no DOM) type-checks: ' +
        `moduleResolution ${r.moduleResolution}, strict ${strict}`,
      config: `tsconfig.root.${r.moduleResolution}.${strict ? 'strict' : 'loose'}.json`,
      file: 'consumer.ts',
      options: { ...base(r, strict), types: [] },
      expect: 'pass',
    })),
  ),
  ...resolutions
    .filter((r) => r.moduleResolution !== 'bundler')
    .map((r): TscCase => ({
      what:
        'consumer-node.ts (gradfold/node, with @types/node) type-checks: ' +
        `moduleResolution ${r.moduleResolution}, strict true`,
      config: `tsconfig.node.${r.moduleResolution}.json`,
      file: 'consumer-node.ts',
      options: { ...base(r, true), types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')] },
      expect: 'pass',
    })),
  {
    what: "importing saveCheckpoint from the root 'gradfold' fails to type-check",
    config: 'tsconfig.root-node-import.json',
    file: 'root-node-import.ts',
    options: { ...base(resolutions[2], true), types: [] },
    expect: 'fail',
  },
];

const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

/** Writes the case's tsconfig in `dir` and runs tsc on it. */
const runCase = async (dir: string, c: TscCase): Promise<RunResult> => {
  await writeFile(join(dir, c.config), `${JSON.stringify({ compilerOptions: c.options, files: [c.file] }, null, 2)}\n`);
  return run(process.execPath, [tsc, '-p', c.config, '--pretty', 'false'], { cwd: dir });
};

/** Whether a tsc run gave what the case expects; throws with tsc's output if not. */
const judge = (c: TscCase, r: RunResult): void => {
  const output = `${r.stdout}${r.stderr}`;
  if (c.expect === 'pass') assert(r.code === 0, `tsc -p ${c.config} exited with ${r.code}:\n${indent(output)}`);
  else
    assert(
      r.code !== 0 && output.includes('saveCheckpoint'),
      `tsc -p ${c.config} should fail naming saveCheckpoint; it exited with ${r.code}:\n${indent(output)}`,
    );
};

/**
 * typeCheckConsumers(checks, dir): one check per tsc case, run two at a time (one per core) in the consumer project
 * `dir`.
 */
export const typeCheckConsumers = async (checks: Checks, dir: string): Promise<void> => {
  await copyFile(join(dir, 'root-node-import.ts.txt'), join(dir, 'root-node-import.ts'));
  for (let i = 0; i < cases.length; i += 2) {
    const pair = cases.slice(i, i + 2);
    const results = await Promise.all(pair.map((c) => runCase(dir, c)));
    for (const [j, c] of pair.entries()) await checks.check(c.what, () => judge(c, results[j] as RunResult));
  }
};
