/**
 * The package suite's harness: named checks that print `ok: <what>` or `FAIL: <what>` with the reason, a
 * counter for the summary line, and a runner for child processes that captures their output.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root (two folders above this file). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The folder of the consumer fixtures. */
export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Thrown by a check that the rest of the run cannot go on without (no tarball, no consumer project). */
export class FatalCheck extends Error {}

/** Counts checks and prints one line per check. */
export class Checks {
  passed = 0;
  readonly failures: string[] = [];

  /**
   * check(what, body): runs body; prints `ok: what` when it resolves, `FAIL: what` and the error when it
   * throws. With `fatal`, a failure also throws a FatalCheck so that the driver stops.
   */
  async check(
    what: string,
    body: () => Promise<void> | void,
    options: { readonly fatal?: boolean } = {},
  ): Promise<void> {
    try {
      await body();
      this.passed++;
      console.log(`ok: ${what}`);
    } catch (e) {
      this.failures.push(what);
      const reason = e instanceof Error ? e.message : String(e);
      console.log(`FAIL: ${what}\n${indent(reason)}`);
      if (options.fatal === true) throw new FatalCheck(what);
    }
  }

  /** The summary line CI reads: `N passed, M failed`. */
  summary(): string {
    return `${this.passed} passed, ${this.failures.length} failed`;
  }
}

/** Indents every line of a text by four spaces (for failure reasons under a FAIL line). */
export const indent = (text: string): string =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** Throws an Error with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** What a finished child process left: its exit code and its whole output. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for child processes: ours without the `npm_*` variables that `npm run` exports (the
 * repository's prefix, package fields, lifecycle), so that npm in a consumer project behaves as a user's would.
 * The cache and the user's npm config files are kept.
 */
export const childEnv = (extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => {
  const keep = new Set([
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_cafile',
    'npm_config_registry',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())) env[k] = v;
  return { ...env, ...extra };
};

/**
 * run(command, args, {cwd}): runs a process to its end and returns its exit code and output (never rejects on a
 * non-zero exit).
 */
export const run = (
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });

/** Like `run`, but throws (with the command and its output) unless the process exits with 0. */
export const runOk = async (
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<RunResult> => {
  const r = await run(command, args, options);
  if (r.code !== 0)
    throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/** A byte count as kB with one decimal (1 kB = 1000 bytes, as npm prints sizes). */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
