/**
 * `npm run bench [-- --json] [-- --quick] [-- --smoke] [-- --only a,c]`: runs the workloads of the benchmark
 * issue against every peer, one case after another in one process, and prints each result as it comes (a
 * table, or one JSON line per result with `--json`), then the speed-ups of gradfold against each peer.
 *
 * Each workload's cases are measured in interleaved rounds (3 in a full run, 2 with --quick): see below.
 *
 * --quick: smaller sizes and short budgets (under a minute); --smoke: every case once (CI); --only: a
 * comma-separated list of workload letters.
 *
 * Each workload runs in a fresh child process (`--only=<letter> --json`), so that the heap one peer leaves
 * behind (tfjs and jax-js keep large wasm memories) does not slow the garbage collection of the next workload.
 */
import './relaxed-simd.ts'; // first: relaxed SIMD on before any WebAssembly module compiles
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Budget, type Case, type Result, combineRounds, measureCase } from './harness.ts';
import { backendTargetLines, growth, humanLine, jsonLine, speedupTable } from './report.ts';
import { chainCases } from './workloads/chain.ts';
import { elementwiseCases } from './workloads/elementwise.ts';
import { matmulCases } from './workloads/matmul.ts';
import { memoryResults } from './workloads/memory.ts';
import { mlpCases } from './workloads/mlp.ts';
import { toyCases } from './workloads/toy.ts';
import { vmapCases } from './workloads/vmap.ts';
import { computeInfo } from 'gradfold';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const smoke = args.has('--smoke');
const quick = args.has('--quick') || smoke;
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const only = onlyArg === undefined ? null : new Set(onlyArg.split(','));
const wants = (letter: string): boolean => only === null || only.has(letter);

const budget: Budget = smoke
  ? { ms: 0, samples: 1, once: true }
  : quick
    ? { ms: 60, samples: 5, once: false }
    : { ms: 150, samples: 8, once: false };

const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const child = args.has('--child');

/** A JSON line of a child read back as a result (null if it is not one). */
const parseResult = (line: string): Result | null => {
  const v: unknown = JSON.parse(line);
  if (typeof v !== 'object' || v === null) return null;
  const get = (k: string): unknown => Reflect.get(v, k);
  const [workload, size, peer, unit] = ['workload', 'size', 'peer', 'unit'].map(get);
  const [median, min, max] = ['median', 'min', 'max'].map(get);
  if (typeof workload !== 'string' || typeof size !== 'string' || typeof peer !== 'string' || typeof unit !== 'string')
    return null;
  if (typeof median !== 'number' || typeof min !== 'number' || typeof max !== 'number') return null;
  return { workload, size, peer, unit, median, min, max };
};

/** Runs one workload in a child process and returns its results (its JSON lines). */
const runChild = (letter: string): Result[] => {
  const flags = [...args].filter((a) => a !== '--json' && !a.startsWith('--only='));
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), ...flags, '--json', '--child', `--only=${letter}`],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    },
  );
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      const r = parseResult(l);
      return r === null ? [] : [r];
    });
};

const cases: Case[] =
  !child && only?.size !== 1
    ? []
    : [
        ...(wants('a') ? matmulCases(quick ? [64, 256] : [64, 256, 512, 1024]) : []),
        ...(wants('b') ? elementwiseCases(quick ? 100_000 : 1_000_000) : []),
        ...(wants('c') ? chainCases(quick ? 10_000 : 100_000) : []),
        ...(wants('d') ? mlpCases(quick ? [32] : [32, 256]) : []),
        ...(wants('f') ? toyCases(quick ? 100 : 1000) : []),
        ...(wants('g') ? vmapCases() : []),
      ];

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const results: Result[] = [];
const report = (r: Result): void => {
  results.push(r);
  print(json ? jsonLine(r) : humanLine(r));
};

if (!json) {
  const fused = computeInfo().fusedMultiplyAdd ? 'fused' : 'separate';
  const mode = smoke ? 'smoke' : quick ? 'quick' : 'full';
  print(`gradfold bench (${mode}), Node ${process.version}, float32 products ${fused}`);
}
if (!child && only?.size !== 1) for (const l of letters.filter(wants)) for (const r of runChild(l)) report(r);
/*
 * Interleaved rounds: every case of the workload is measured once per round, round after round, so that a
 * slow spell of the (noisy, 2-core) machine falls on every peer alike; a case's result is the median of its
 * round medians (min and max over all rounds).
 */
const rounds = smoke ? 1 : quick ? 2 : 3;
const perCase = new Map<Case, Result[]>();
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const r = await measureCase(c, budget);
    if (typeof r === 'string') {
      process.stderr.write(`${c.workload} ${c.size} ${c.peer}: failed: ${r}\n`);
      if (smoke) process.exitCode = 1; // a smoke run (CI) fails when a case cannot run; timings are never checked
    } else perCase.set(c, [...(perCase.get(c) ?? []), r]);
  }
}
for (const rs of perCase.values()) report(combineRounds(rs));
if ((child || only?.size === 1) && wants('e'))
  for (const r of memoryResults(smoke ? 200 : quick ? 1000 : 10_000)) report(r);

if (!json && smoke) {
  print('\nsmoke run: every case ran once; single timings say nothing about speed, so no speed-ups are shown');
} else if (!json) {
  print('\nspeed-up of gradfold (× > 1: gradfold faster)');
  for (const line of speedupTable(results)) print(line);
  print('\nthe speed targets of issues 13 (WebAssembly backend) and 14 (vmap)');
  for (const line of backendTargetLines(results)) print(line);
  const g = growth(results);
  if (g !== null) print(g);
}
