/**
 * The live fitting panels (issue 16, item 2): the tutorials' quadratic fit (SGD against mini-batches, step
 * decay, early stop at 1e-5) with the fitted curves redrawn against the truth, and the linear model under
 * batch, mini-batch and stochastic GD with raw and EWMA-smoothed costs. Learning rate and batch size are read
 * at every step, so changing them while it runs takes effect at once.
 */
import embed, { type Result } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { ewma, key, normal, uniform } from 'gradfold';
import { embedOptions, lineChartBase } from '../charts.ts';
import { byId } from '../dom.ts';
import { type LiveRun, type LiveSettings, liveRun } from './live.ts';

/** A panel's wiring: its element ids' prefix, its runs, and how its charts show them. */
interface PanelOptions {
  readonly prefix: string;
  /** Settings the inputs write into (the mini-batch run's batch size and every run's rate). */
  readonly settings: LiveSettings;
  readonly makeRuns: () => LiveRun[];
  readonly stepsPerFrame: number;
  /** Updates per run before it stops by budget (the linear panel compares runs at equal updates). */
  readonly budget?: number;
  readonly draw: (runs: readonly LiveRun[]) => Promise<void>;
}

/** A number input's value, or `fallback` when it is not a positive number. */
const positive = (input: HTMLInputElement, fallback: number): number => {
  const v = Number(input.value);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** panel(o): Play/Pause and Reset buttons, rate and batch inputs, a status line, and the animation. */
const panel = (o: PanelOptions): void => {
  const play = byId(`${o.prefix}-play`, HTMLButtonElement);
  const resetButton = byId(`${o.prefix}-reset`, HTMLButtonElement);
  const lr = byId(`${o.prefix}-lr`, HTMLInputElement);
  const batch = byId(`${o.prefix}-batch`, HTMLInputElement);
  const status = byId(`${o.prefix}-status`, HTMLElement);
  let runs = o.makeRuns();
  let playing = false;
  let lastDraw = 0;
  const read = (): void => {
    o.settings.lr = positive(lr, o.settings.lr);
    o.settings.batchSize = Math.round(positive(batch, 16));
  };
  const active = (r: LiveRun): boolean =>
    r.stopped === undefined && (o.budget === undefined || r.stepLoss.length < o.budget);
  /** Why a run no longer steps (its stop reason, or the budget), as a suffix of its status. */
  const ending = (r: LiveRun): string => {
    if (r.stopped !== undefined) return `, ${r.stopped}`;
    return o.budget !== undefined && r.stepLoss.length >= o.budget ? ', budget done' : '';
  };
  const show = (force: boolean): void => {
    status.textContent = runs
      .map((r) => `${r.name}: ${r.stepLoss.length} steps, epoch ${r.epoch}${ending(r)}`)
      .join(' · ');
    const now = performance.now();
    if (force || now - lastDraw > 120) {
      lastDraw = now;
      void o.draw(runs);
    }
  };
  const setPlaying = (on: boolean): void => {
    playing = on;
    play.textContent = on ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(on));
    if (on) requestAnimationFrame(frame);
    else show(true);
  };
  const frame = (): void => {
    if (!playing) return;
    read();
    for (let i = 0; i < o.stepsPerFrame; i++) for (const r of runs) if (active(r)) r.step();
    show(false);
    if (runs.some(active)) requestAnimationFrame(frame);
    else setPlaying(false);
  };
  play.addEventListener('click', () => setPlaying(!playing));
  resetButton.addEventListener('click', () => {
    read();
    runs = o.makeRuns();
    setPlaying(false);
  });
  read();
  show(true);
};

/** lines(title, x, y, yScale, extra): a Vega-Lite line chart of the named data set `rows`. */
const lines = (title: string, x: string, y: string, log: boolean, dash?: string): TopLevelSpec => ({
  ...lineChartBase(title, 200),
  encoding: {
    x: { field: x, type: 'quantitative' },
    y: {
      field: y,
      type: 'quantitative',
      ...(log ? { scale: { type: 'log' }, axis: { format: '.0e', tickCount: 6 } } : {}),
    },
    color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    ...(dash !== undefined
      ? { strokeDash: { field: dash, type: 'nominal', title: null, legend: { orient: 'bottom' } } }
      : {}),
    ...(dash === 'kind'
      ? {
          opacity: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['raw', 'EWMA (β = 0.9)'], range: [0.35, 1] },
            legend: null,
          },
        }
      : {}),
  },
});

const replace = (chart: Result, rows: readonly object[]): Promise<unknown> =>
  chart.view
    .data(
      'rows',
      rows.map((r) => ({ ...r })),
    )
    .resize()
    .runAsync();

/** The quadratic panel: y = 2x² − 4x + 3 at x = k/400, from (a, b, c) = (−1, 10, 26), η halved every 10 epochs. */
const quadraticPanel = async (dark: boolean): Promise<void> => {
  const xs = Array.from({ length: 800 }, (_, k) => (k - 400) / 400);
  const truth = (x: number): number => 2 * x * x - 4 * x + 3;
  const ys = xs.map(truth);
  const settings: LiveSettings = { lr: 0.5, batchSize: 16 };
  const sgdSettings: LiveSettings = { lr: 0.5, batchSize: 'stochastic' };
  const common = {
    xs,
    ys,
    features: (x: number) => [x * x, x, 1],
    start: [-1, 10, 26],
    lossBelow: 1e-5,
    maxEpochs: 100,
    seed: 3,
  };
  const schedule = (lr: number, epoch: number): number => lr * 0.5 ** Math.floor((epoch + 1) / 10);
  const [curves, losses] = await Promise.all([
    embed(
      byId('quad-chart', HTMLElement),
      lines('fitted curves against the truth', 'x', 'y', false, 'kind'),
      embedOptions(dark),
    ),
    embed(
      byId('quad-loss-chart', HTMLElement),
      lines('whole-data loss per epoch', 'epoch', 'loss', true),
      embedOptions(dark),
    ),
  ]);
  const grid = Array.from({ length: 41 }, (_, i) => -1 + i / 20);
  panel({
    prefix: 'quad',
    settings,
    stepsPerFrame: 2, // slow enough to watch SGD's curve come onto the truth
    makeRuns: () => [
      liveRun({
        ...common,
        name: 'SGD (1 per step)',
        settings: {
          get lr() {
            return settings.lr;
          },
          batchSize: sgdSettings.batchSize,
        },
        schedule,
      }),
      liveRun({ ...common, name: 'mini-batch', settings, schedule }),
    ],
    draw: async (runs) => {
      const fitted = runs.flatMap((r) => {
        const [a = 0, b = 0, c = 0] = r.coefficients;
        return grid.map((x) => ({ series: r.name, kind: 'fitted', x, y: a * x * x + b * x + c }));
      });
      const truthRows = grid.map((x) => ({ series: 'truth 2x² − 4x + 3', kind: 'truth', x, y: truth(x) }));
      const lossRows = runs.flatMap((r) =>
        r.epochLoss.map((loss, epoch) => ({ series: r.name, epoch: epoch + 1, loss: Math.max(loss, 1e-16) })),
      );
      await Promise.all([replace(curves, [...truthRows, ...fitted]), replace(losses, lossRows)]);
    },
  });
};

/** The linear panel: 200 points x ~ U(0, 2), y = 4 + 3x + N(0, 1), 300 updates each of batch, mini-batch and SGD. */
const linearPanel = async (dark: boolean): Promise<void> => {
  const xs = Array.from(uniform(key(6), [200], { low: 0, high: 2 }).data);
  const noise = normal(key(60), [200]).data;
  const ys = xs.map((x, i) => 4 + 3 * x + (noise[i] ?? 0));
  const settings: LiveSettings = { lr: 0.1, batchSize: 16 };
  const fixed = (batchSize: LiveSettings['batchSize']): LiveSettings => ({
    get lr() {
      return settings.lr;
    },
    batchSize,
  });
  const common = { xs, ys, features: (x: number) => [x, 1], start: [0, 0], maxEpochs: 1000, seed: 8 };
  const chart = await embed(
    byId('lin-chart', HTMLElement),
    lines('cost per update: raw and EWMA-smoothed', 'update', 'cost', true, 'kind'),
    embedOptions(dark),
  );
  panel({
    prefix: 'lin',
    settings,
    stepsPerFrame: 2,
    budget: 300,
    makeRuns: () => [
      liveRun({ ...common, name: 'batch GD', settings: fixed('full') }),
      liveRun({ ...common, name: 'mini-batch GD', settings }),
      liveRun({ ...common, name: 'SGD', settings: fixed('stochastic') }),
    ],
    draw: async (runs) => {
      const rows = runs.flatMap((r) => {
        const smooth = ewma([...r.stepLoss], 0.9, { biasCorrection: true });
        return r.stepLoss.flatMap((cost, i) => [
          { series: r.name, kind: 'raw', update: i + 1, cost: Math.max(cost, 1e-12) },
          { series: r.name, kind: 'EWMA (β = 0.9)', update: i + 1, cost: Math.max(smooth[i] ?? cost, 1e-12) },
        ]);
      });
      await replace(chart, rows);
    },
  });
};

/** startFitting(dark): both panels, their charts themed for the colour scheme. */
export const startFitting = async (dark: boolean): Promise<void> => {
  await Promise.all([quadraticPanel(dark), linearPanel(dark)]);
};
