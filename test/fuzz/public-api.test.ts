/**
 * The public API under adversarial arguments: every function of the four entries, called with random argument
 * lists (fixed seed; FUZZ_SEED and FUZZ_RUNS override), must return a well-formed result or throw a
 * GradfoldError — never an engine error, a hang or a crash. The calls run in a child process (child.ts) in a
 * temporary folder, watched by this test: a call that runs longer than the time bound, or a process that dies
 * (heap exhausted, stack overflow), is reported with the call that caused it.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChildMessage } from './child.ts';

/** tsx's loader, by absolute URL (the child runs in a temporary folder, where `--import tsx` would not resolve). */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The longest one call may take, in ms, before it counts as a hang. */
const CALL_BOUND_MS = 5_000;

interface FuzzRun {
  readonly failures: readonly string[];
  readonly calls: number;
}

const isMessage = (m: unknown): m is ChildMessage => typeof m === 'object' && m !== null && 'type' in m;

/** Runs child.ts and collects its failures; a hang or a crash is one more failure naming the last call. */
const fuzz = (): Promise<FuzzRun> =>
  new Promise((resolve) => {
    const cwd = mkdtempSync(join(tmpdir(), 'gradfold-fuzz-'));
    const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
      cwd,
      execArgv: ['--import', tsx, '--max-old-space-size=1024', '--stack-size=984'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const failures: string[] = [];
    let last = '(before the first call)';
    let calls = 0;
    let stderr = '';
    let watchdog: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        failures.push(`${last}: no answer within ${CALL_BOUND_MS} ms (a hang)`);
        child.kill('SIGKILL');
      }, CALL_BOUND_MS);
    };
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.on('message', (m: unknown) => {
      if (!isMessage(m)) return;
      if (m.type === 'call') {
        last = `${m.name}(${m.args})`;
        arm();
      } else if (m.type === 'failure') failures.push(`${m.name}(${m.args}): ${m.error}`);
      else calls = m.calls;
    });
    arm();
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (code !== 0 && signal !== 'SIGKILL') {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        failures.push(`${last}: the process died (code ${code}, ${signal ?? 'no signal'}): ${tail}`);
      }
      rmSync(cwd, { recursive: true, force: true });
      resolve({ failures, calls });
    });
  });

/**
 * One line per function and kind of failure (`name: error — N calls, e.g. name(args)`), so that a report stays
 * readable.
 */
const grouped = (failures: readonly string[]): string[] => {
  const groups = new Map<string, { count: number; example: string }>();
  for (const f of failures) {
    const m = /^([^(]*)\((.*)\): (.*)$/.exec(f);
    const key = m === null ? f : `${m[1] ?? ''}: ${m[3] ?? ''}`;
    const g = groups.get(key);
    groups.set(key, { count: (g?.count ?? 0) + 1, example: g?.example ?? f });
  }
  return [...groups].map(([key, g]) => `${key} — ${g.count} call(s), e.g. ${g.example.slice(0, 200)}`);
};

describe('the public API under adversarial arguments', () => {
  it('returns well-formed results or throws GradfoldErrors, within the time bound', async () => {
    const run = await fuzz();
    expect(grouped(run.failures)).toEqual([]);
    expect(run.calls).toBeGreaterThan(1000);
  }, 600_000);
});
