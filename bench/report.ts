/**
 * Presenting results: one JSON line per result, or a human table, and the speed-up of gradfold against each
 * peer with the targets marked. A speed-up s > 1 means gradfold is s times faster (for times:
 * peer / gradfold; for rates: gradfold / peer). Targets are shown, never asserted.
 */
import type { Result } from './harness.ts';

/** One JSON line of a result, as `npm run bench -- --json` prints it. */
export const jsonLine = (r: Result): string =>
  JSON.stringify({
    workload: r.workload,
    size: r.size,
    peer: r.peer,
    median: r.median,
    min: r.min,
    max: r.max,
    unit: r.unit,
  });

const fmt = (v: number): string =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);

/** One human line of a result. */
export const humanLine = (r: Result): string =>
  `${r.workload.padEnd(28)} ${r.size.padEnd(12)} ${r.peer.padEnd(16)} ` +
  `${fmt(r.median).padStart(9)} ${r.unit.padEnd(8)} [${fmt(r.min)} … ${fmt(r.max)}]`;

/** The speed-up of gradfold over `peer` on one (workload, size), or null when either is missing. */
export const speedup = (results: readonly Result[], workload: string, size: string, peer: string): number | null =>
  speedupOf(results, workload, size, 'gradfold', peer);

/** The speed-up of the variant `ours` over `peer` on one (workload, size), or null when either is missing. */
const speedupOf = (
  results: readonly Result[],
  workload: string,
  size: string,
  ours: string,
  peer: string,
): number | null => {
  const find = (p: string): Result | undefined =>
    results.find((r) => r.workload === workload && r.size === size && r.peer === p);
  const g = find(ours);
  const o = find(peer);
  if (g === undefined || o === undefined) return null;
  return g.unit === 'GFLOP/s' ? g.median / o.median : o.median / g.median;
};

/** A target of the issue: gradfold at least `factor` times faster than `peer` on matching workloads. */
interface Target {
  readonly workload: (w: string) => boolean;
  readonly size: (s: string) => boolean;
  readonly peer: string;
  readonly factor: number;
  readonly text: string;
}

const any = (): boolean => true;
const targets: readonly Target[] = [
  { workload: (w) => w.startsWith('c '), size: any, peer: 'tfjs-cpu', factor: 20, text: '≥ 20× tfjs-cpu' },
  { workload: (w) => w.startsWith('c '), size: any, peer: 'naive', factor: 1, text: 'faster than the closure tape' },
  { workload: (w) => w.startsWith('f '), size: any, peer: 'tfjs-cpu', factor: 20, text: '≥ 20× tfjs-cpu' },
  { workload: (w) => w.startsWith('f '), size: any, peer: 'naive', factor: 1, text: 'faster than the closure tape' },
  { workload: (w) => w.startsWith('f '), size: any, peer: 'hand', factor: 0.1, text: 'within 10× of hand-written' },
  {
    workload: (w) => w.startsWith('a '),
    size: (s) => Number(s.slice(2)) >= 256,
    peer: 'tfjs-cpu',
    factor: 3,
    text: '≥ 3× tfjs-cpu GFLOP/s',
  },
  { workload: (w) => w.startsWith('d '), size: any, peer: 'tfjs-cpu', factor: 1, text: 'no slower than tfjs-cpu' },
];

/** The speed targets of issues 13 (the WebAssembly backend) and 14 (vmap), each met by the best named variant. */
interface BackendTarget {
  readonly text: string;
  readonly workload: (w: string) => boolean;
  readonly size: (s: string) => boolean;
  readonly ours: readonly string[];
  readonly peer: string;
  readonly factor: number;
}

const atLeast256 = (s: string): boolean => Number(s.slice(2)) >= 256;
const gradfoldVariants = ['gradfold', 'gradfold jit'];
const backendTargets: readonly BackendTarget[] = [
  {
    text: 'matmul f32, N ≥ 256: ≥ 2.5× tfjs-wasm',
    workload: (w) => w === 'a matmul float32',
    size: atLeast256,
    ours: ['gradfold'],
    peer: 'tfjs-wasm',
    factor: 2.5,
  },
  {
    text: 'matmul f64: ≥ 25× hand-written',
    workload: (w) => w === 'a matmul float64',
    size: atLeast256,
    ours: ['gradfold'],
    peer: 'hand',
    factor: 25,
  },
  {
    text: 'exp(x)·x+1 f32: ≥ 2× jax-js jit',
    workload: (w) => w === 'b exp(x)·x+1 float32',
    size: any,
    ours: gradfoldVariants,
    peer: 'jax-wasm-jit',
    factor: 2,
  },
  {
    text: 'MLP+Adam batch 32: ≥ jax-js jit',
    workload: (w) => w.startsWith('d '),
    size: (s) => s === 'batch 32',
    ours: gradfoldVariants,
    peer: 'jax-wasm-jit',
    factor: 1,
  },
  {
    text: 'MLP+Adam batch 256: ≥ 1.4× jax-js jit',
    workload: (w) => w.startsWith('d '),
    size: (s) => s === 'batch 256',
    ours: gradfoldVariants,
    peer: 'jax-wasm-jit',
    factor: 1.4,
  },
  {
    text: 'MLP+Adam: ≥ 3× tfjs-wasm',
    workload: (w) => w.startsWith('d '),
    size: any,
    ours: gradfoldVariants,
    peer: 'tfjs-wasm',
    factor: 3,
  },
  {
    text: 'vmap(grad) per-example gradients: ≥ 5× a loop of grad (issue 14)',
    workload: (w) => w === 'g per-example grads',
    size: any,
    ours: ['gradfold'],
    peer: 'loop',
    factor: 5,
  },
  {
    text: 'vmap(grad) per-example gradients: within 2× of one batched grad (issue 14)',
    workload: (w) => w === 'g per-example grads',
    size: any,
    ours: ['gradfold'],
    peer: 'batched',
    factor: 0.5,
  },
];

/** One line per backend target and matching (workload, size) in the results: the best variant's speed-up. */
export const backendTargetLines = (results: readonly Result[]): string[] =>
  backendTargets.flatMap((t) => {
    const keys = [
      ...new Set(
        results.filter((r) => t.workload(r.workload) && t.size(r.size)).map((r) => `${r.workload}\u0000${r.size}`),
      ),
    ];
    return keys.flatMap((key) => {
      const [w = '', s = ''] = key.split('\u0000');
      const ratios = t.ours.flatMap((ours) => {
        const x = speedupOf(results, w, s, ours, t.peer);
        return x === null ? [] : [[ours, x] as const];
      });
      const best = ratios.sort((a, b) => b[1] - a[1])[0];
      if (best === undefined) return [];
      return [`${best[1] >= t.factor ? '✓' : '✗'} ${t.text} (${s}): ${best[0]} ${fmt(best[1])}×`];
    });
  });

/** The table of speed-ups: one row per (workload, size), one column per peer, targets marked ✓ or ✗. */
export const speedupTable = (results: readonly Result[]): string[] => {
  const peers = [...new Set(results.map((r) => r.peer))].filter((p) => p !== 'gradfold');
  const rows = [
    ...new Set(
      results.filter((r) => r.peer === 'gradfold' && r.unit !== 'MB').map((r) => `${r.workload}\u0000${r.size}`),
    ),
  ];
  const lines = [`| workload | size | ${peers.join(' | ')} |`, `|---|---|${peers.map(() => '---:').join('|')}|`];
  for (const key of rows) {
    const [w = '', s = ''] = key.split('\u0000');
    const cells = peers.map((p) => {
      const x = speedup(results, w, s, p);
      if (x === null) return '–';
      const t = targets.find((t) => t.peer === p && t.workload(w) && t.size(s));
      const mark = t === undefined ? '' : x >= t.factor ? ' ✓' : ' ✗';
      return `${fmt(x)}×${mark}`;
    });
    lines.push(`| ${w} | ${s} | ${cells.join(' | ')} |`);
  }
  return lines;
};

/** The memory line of workload (e): growth of resident memory between two checkpoints, in percent. */
export const growth = (results: readonly Result[]): string | null => {
  const mem = results.filter((r) => r.workload.startsWith('e ') && r.peer === 'gradfold');
  const first = mem[0];
  const last = mem[mem.length - 1];
  if (first === undefined || last === undefined || first === last) return null;
  const pct = (100 * (last.median - first.median)) / first.median;
  return (
    `(e) resident memory ${fmt(first.median)} MB at ${first.size}, ${fmt(last.median)} MB at ${last.size}: ` +
    `${pct.toFixed(1)}% growth ${pct < 10 ? '✓' : '✗'} (target < 10%)`
  );
};
