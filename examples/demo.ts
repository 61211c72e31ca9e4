/**
 * The main demo (`npm run demo`): every seed scenario, then a custom loss and a gradient-check test, each run
 * by its example's own `run`. Prints a summary table and writes every chart, with an HTML index, to out/demo/
 * (or the folder given with --out). MNIST runs reduced (one epoch instead of five) so the whole demo
 * takes well under a minute; `npx tsx examples/mnist.ts` runs it in full.
 */
import { writeReport } from 'gradfold/node';
import { type Chart, type SummaryRow, summaryTable } from 'gradfold/report';
import { type ExampleResult, type Json } from './cli.ts';
import { run as curveFit } from './curve-fit.ts';
import { run as gradientCheck } from './gradient-check.ts';
import { run as linearVariants } from './linear-gd-variants.ts';
import { run as mnist } from './mnist.ts';
import { run as oneWeight } from './one-weight.ts';
import { run as optimizers } from './optimizers.ts';
import { run as perExampleGradients } from './per-example-gradients.ts';
import { run as quadraticFit } from './quadratic-fit.ts';
import { run as robustRegression } from './robust-regression.ts';
import { run as sgdLine } from './sgd-line.ts';

/** The demo's parts, in order: a name for the table and a thunk that runs the example. */
const parts: readonly (readonly [string, () => ExampleResult<Json>])[] = [
  ['1 one weight, batch GD', () => oneWeight()],
  ['2 per-sample SGD, y = 2x', () => sgdLine()],
  ['3 quadratic fit, step decay', () => quadraticFit()],
  ['4 six optimizers on x²', () => optimizers()],
  ['5 MNIST 784-128-10 (reduced)', () => mnist({ epochs: 1 })],
  ['6 linear: batch/mini/SGD + EWMA', () => linearVariants()],
  ['custom loss: robust regression', () => robustRegression()],
  ['your own gradient checks', () => gradientCheck({ quick: true })],
  ['curve fit: Michaelis–Menten, leastSquares', () => curveFit()],
  ['per-example gradients: DP-SGD (vmap)', () => perExampleGradients({ quick: true })],
];

const out = (() => {
  const i = process.argv.indexOf('--out');
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? 'out/demo';
})();

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const started = performance.now();
const rows: SummaryRow[] = [];
const charts: Chart[] = [];
for (const [scenario, thunk] of parts) {
  const t0 = performance.now();
  const r = thunk();
  const seconds = (performance.now() - t0) / 1000;
  rows.push({ scenario, result: r.summary.result, loss: r.summary.loss, seconds });
  charts.push(...r.charts);
  say(`  ${scenario}: ${r.summary.result} (${seconds.toFixed(1)} s)`);
}
const table = summaryTable(rows);
say('');
say(table);
const written = await writeReport(out, { title: 'gradfold demo: the seed scenarios', charts, summary: table });
say('');
say(
  `${written.files.length} charts and an index written to ${written.index} ` +
    `(total ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
