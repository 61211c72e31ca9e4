/**
 * The playground page: wires the formula, the start point, the optimizers, the buttons and the keyboard to
 * the runners, and draws the contour plot, the paths, the charts and the paths table.
 */
import { type Charts, type ChartRow, createCharts } from './charts.ts';
import { type Palette, type View, drawPaths, fromPlot, grid, renderSurface } from './contour.ts';
import { byId, fmt, make } from './dom.ts';
import { type Loss, type Point, compile } from './formula.ts';
import { type OptimizerId, type ScheduleId, optimizerSpecs, scheduleSpecs } from './optimizers.ts';
import { startFitting } from './fitting/panels.ts';
import { presets } from './presets.ts';
import { type Runner, createRunner } from './runner.ts';

const maxSteps = 1000;
const stepsPerSecond = 60;
const gridSize = 400;

const dark = matchMedia('(prefers-color-scheme: dark)').matches;
const palette: Palette = dark
  ? { low: [20, 30, 60], high: [70, 95, 110], line: [140, 150, 165] }
  : { low: [250, 240, 200], high: [170, 200, 235], line: [120, 130, 145] };

const ui = {
  form: byId('formula-form', HTMLFormElement),
  preset: byId('preset', HTMLSelectElement),
  formula: byId('formula', HTMLInputElement),
  message: byId('formula-message', HTMLElement),
  startX: byId('start-x', HTMLInputElement),
  startY: byId('start-y', HTMLInputElement),
  optimizers: byId('optimizers', HTMLElement),
  schedule: byId('schedule', HTMLSelectElement),
  step: byId('step', HTMLButtonElement),
  play: byId('play', HTMLButtonElement),
  reset: byId('reset', HTMLButtonElement),
  stepCount: byId('step-count', HTMLElement),
  perf: byId('perf', HTMLElement),
  canvas: byId('contour', HTMLCanvasElement),
  axes: byId('axes', HTMLElement),
  paths: byId('paths', HTMLTableElement),
};

/** The page's state: what is being minimised, from where, by whom. */
interface PageState {
  loss: Loss | undefined;
  view: View;
  start: Point<number>;
  runners: Runner[];
  playing: boolean;
  /** f on the grid, drawn once per formula and scaled onto the canvas each frame. */
  surface: HTMLCanvasElement | undefined;
  /** Milliseconds per step of all the runners, the last 600. */
  stepTimes: number[];
}

const state: PageState = {
  loss: undefined,
  view: { x: [-3, 3], y: [-3, 3] },
  start: { x: 0, y: 0 },
  runners: [],
  playing: false,
  surface: undefined,
  stepTimes: [],
};

// The optimizer rows: checkbox, name and detail, learning rate.
const lrInputs = new Map<OptimizerId, HTMLInputElement>();
const onInputs = new Map<OptimizerId, HTMLInputElement>();
for (const spec of optimizerSpecs) {
  const on = make('input', { type: 'checkbox', id: `opt-${spec.id}` });
  on.checked = spec.on;
  const lr = make('input', {
    type: 'number',
    id: `lr-${spec.id}`,
    value: String(spec.lr),
    title: `${spec.label} learning rate`,
  });
  lr.step = 'any';
  lr.min = '0';
  lr.setAttribute('aria-label', `${spec.label} learning rate`);
  const swatch = make('span', { className: 'swatch' });
  swatch.style.background = spec.color;
  const label = make('label', { htmlFor: on.id }, [swatch, spec.label, make('small', { textContent: spec.detail })]);
  ui.optimizers.append(on, label, lr);
  lrInputs.set(spec.id, lr);
  onInputs.set(spec.id, on);
  on.addEventListener('change', () => reset());
  lr.addEventListener('change', () => reset());
}
for (const s of scheduleSpecs) ui.schedule.append(make('option', { value: s.id, textContent: s.label }));
for (const p of presets) ui.preset.append(make('option', { value: p.id, textContent: p.label }));
ui.preset.append(make('option', { value: 'custom', textContent: 'custom (typed)' }));

const scheduleId = (): ScheduleId => scheduleSpecs.find((s) => s.id === ui.schedule.value)?.id ?? 'constant';

/** showMessage(text, error): the formula's status line. */
const showMessage = (text: string, error: boolean): void => {
  ui.message.textContent = text;
  ui.message.classList.toggle('error', error);
};

/** applyFormula(): compiles the typed formula; on success redraws the surface and resets the runs. */
const applyFormula = (): void => {
  const compiled = compile(ui.formula.value);
  if (!compiled.ok) {
    showMessage(compiled.message, true);
    return;
  }
  const previous = state.loss;
  try {
    state.loss = compiled.loss;
    renderSurfaceImage();
  } catch (e) {
    // The formula parsed but gradfold refused it (e.g. a value it cannot evaluate): keep the previous loss.
    state.loss = previous;
    showMessage(`Cannot evaluate: ${e instanceof Error ? e.message : String(e)}`, true);
    return;
  }
  showMessage(`f(x, y) = ${compiled.text}`, false);
  reset();
};

/** renderSurfaceImage(): f on the grid, as an offscreen image the frames scale onto the canvas. */
const renderSurfaceImage = (): void => {
  if (state.loss === undefined) return;
  const image = renderSurface(grid(state.loss, state.view, gridSize), gridSize, palette);
  const off = document.createElement('canvas');
  off.width = gridSize;
  off.height = gridSize;
  off.getContext('2d')?.putImageData(image, 0, 0);
  state.surface = off;
  const [x0, x1] = state.view.x;
  const [y0, y1] = state.view.y;
  ui.axes.textContent = `x from ${x0} to ${x1} (left to right), y from ${y0} to ${y1} (bottom to top)`;
};

/** reset(): new runners from the start point with the chosen optimizers, rates and schedule. */
const reset = (): void => {
  const loss = state.loss;
  state.runners = [];
  state.stepTimes = [];
  if (loss !== undefined) {
    for (const spec of optimizerSpecs) {
      if (onInputs.get(spec.id)?.checked !== true) continue;
      const lr = Number(lrInputs.get(spec.id)?.value);
      if (!Number.isFinite(lr) || lr < 0) continue;
      state.runners.push(
        createRunner({ id: spec.id, loss, start: state.start, lr, schedule: scheduleId(), noise: spec.noise }),
      );
    }
  }
  ui.startX.value = String(state.start.x);
  ui.startY.value = String(state.start.y);
  render(true);
};

/** stepAll(): one step of every runner, timed. */
const stepAll = (): void => {
  const t0 = performance.now();
  for (const r of state.runners) if (r.samples.length < maxSteps) r.step();
  state.stepTimes.push(performance.now() - t0);
  if (state.stepTimes.length > 600) state.stepTimes.shift();
};

const steps = (): number => Math.max(0, ...state.runners.map((r) => r.samples.length));

let charts: Charts | undefined;
let lastChartUpdate = 0;

/** render(full): the canvas every frame; the table and charts when `full` or every 150 ms. */
const render = (full: boolean): void => {
  const ctx = ui.canvas.getContext('2d');
  const size = Math.round(ui.canvas.clientWidth * devicePixelRatio) || 600;
  if (ui.canvas.width !== size) [ui.canvas.width, ui.canvas.height] = [size, size];
  if (ctx !== null) {
    ctx.imageSmoothingEnabled = true;
    if (state.surface !== undefined) ctx.drawImage(state.surface, 0, 0, ui.canvas.width, ui.canvas.height);
    drawPaths(
      ctx,
      state.view,
      state.runners.map((r) => ({ points: r.path, color: optimizerSpecs.find((s) => s.id === r.id)?.color ?? '#000' })),
    );
  }
  const n = steps();
  ui.stepCount.textContent = `step ${n}`;
  const times = state.stepTimes;
  if (times.length > 0) {
    // The mean after the first step, which traces each optimizer's program (jit), a one-off cost. (Browsers
    // round performance.now() to 0.1 ms or so; the mean over many steps is still right on average.)
    const later = times.length > 1 ? times.slice(1) : times;
    const mean = later.reduce((a, b) => a + b, 0) / later.length;
    ui.perf.textContent = `${(mean * 1000).toFixed(0)} µs per step of ${state.runners.length} optimizers`;
    ui.perf.dataset['stepMs'] = String(mean);
    ui.perf.dataset['firstStepMs'] = String(times[0] ?? 0);
  }
  const now = performance.now();
  if (!full && now - lastChartUpdate < 150) return;
  lastChartUpdate = now;
  renderTable();
  if (charts !== undefined) {
    const rows: ChartRow[] = state.runners.flatMap((r) => {
      const label = optimizerSpecs.find((s) => s.id === r.id)?.label ?? r.id;
      return r.samples.map((s) => ({ optimizer: label, step: s.step, loss: s.loss, gradNorm: s.gradNorm }));
    });
    void charts.update(rows);
  }
};

/** renderTable(): one row per runner, its whole path in `data-path` (JSON [[x, y], …]). */
const renderTable = (): void => {
  const body = ui.paths.tBodies[0];
  if (body === undefined) return;
  body.replaceChildren(
    ...state.runners.map((r) => {
      const last = r.path[r.path.length - 1] ?? state.start;
      const lossAt = r.samples[r.samples.length - 1]?.loss ?? Number.NaN;
      const row = make('tr', {}, [
        make('th', { textContent: optimizerSpecs.find((s) => s.id === r.id)?.label ?? r.id }),
        make('td', { textContent: String(r.path.length - 1) }),
        make('td', { textContent: fmt(last.x) }),
        make('td', { textContent: fmt(last.y) }),
        make('td', { textContent: fmt(lossAt) }),
        make('td', { textContent: r.stopped ?? 'running' }),
      ]);
      row.dataset['optimizer'] = r.id;
      row.dataset['path'] = JSON.stringify(r.path.map((p) => [p.x, p.y]));
      return row;
    }),
  );
};

// Play: requestAnimationFrame, 60 steps per second whatever the display's refresh rate.
let lastFrame = 0;
let owed = 0;
const frame = (time: number): void => {
  if (!state.playing) return;
  owed = Math.min(owed + ((time - lastFrame) / 1000) * stepsPerSecond, 4);
  lastFrame = time;
  while (owed >= 1) {
    stepAll();
    owed -= 1;
  }
  render(false);
  if (steps() >= maxSteps || state.runners.every((r) => r.stopped !== undefined)) setPlaying(false);
  else requestAnimationFrame(frame);
};

/** setPlaying(on): starts or pauses the animation. */
const setPlaying = (on: boolean): void => {
  state.playing = on;
  ui.play.firstChild?.replaceWith(on ? 'Pause ' : 'Play ');
  ui.play.setAttribute('aria-pressed', String(on));
  if (on) {
    lastFrame = performance.now();
    owed = 1;
    requestAnimationFrame(frame);
  } else render(true);
};

const stepOnce = (): void => {
  setPlaying(false);
  stepAll();
  render(true);
};

const setStart = (p: Point<number>): void => {
  state.start = p;
  setPlaying(false);
  reset();
};

/** choosePreset(id): its formula, box, start and rates. */
const choosePreset = (id: string): void => {
  const p = presets.find((q) => q.id === id);
  if (p === undefined) return;
  state.view = { x: p.x, y: p.y };
  state.start = p.start;
  for (const spec of optimizerSpecs) {
    const input = lrInputs.get(spec.id);
    if (input !== undefined) input.value = String(Number((spec.lr * p.lrScale).toPrecision(6)));
  }
  ui.formula.value = p.formula;
  setPlaying(false);
  applyFormula();
};

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  ui.preset.value = presets.find((p) => p.formula === ui.formula.value)?.id ?? 'custom';
  setPlaying(false);
  applyFormula();
});
ui.preset.addEventListener('change', () => choosePreset(ui.preset.value));
ui.schedule.addEventListener('change', () => reset());
ui.step.addEventListener('click', stepOnce);
ui.play.addEventListener('click', () => setPlaying(!state.playing));
ui.reset.addEventListener('click', () => {
  setPlaying(false);
  reset();
});
const onStartInput = (): void => {
  const x = Number(ui.startX.value);
  const y = Number(ui.startY.value);
  if (ui.startX.value !== '' && ui.startY.value !== '' && Number.isFinite(x) && Number.isFinite(y)) setStart({ x, y });
};
ui.startX.addEventListener('change', onStartInput);
ui.startY.addEventListener('change', onStartInput);
ui.canvas.addEventListener('click', (e) => {
  const rect = ui.canvas.getBoundingClientRect();
  const p = fromPlot(state.view, rect.width, rect.height, { x: e.clientX - rect.left, y: e.clientY - rect.top });
  setStart({ x: Number(p.x.toPrecision(4)), y: Number(p.y.toPrecision(4)) });
});
document.addEventListener('keydown', (e) => {
  const target = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  )
    return;
  if (e.key === ' ' && !(target instanceof HTMLButtonElement)) {
    e.preventDefault();
    setPlaying(!state.playing);
  } else if (e.key === 's') stepOnce();
  else if (e.key === 'r') {
    setPlaying(false);
    reset();
  }
});
addEventListener('resize', () => render(true));

choosePreset(presets[0]?.id ?? '');
void startFitting(dark).then(() => (document.body.dataset['fittingReady'] = 'true'));
void createCharts(
  byId('loss-chart', HTMLElement),
  byId('grad-chart', HTMLElement),
  optimizerSpecs.map((s) => s.label),
  optimizerSpecs.map((s) => s.color),
  dark,
).then((c) => {
  charts = c;
  document.body.dataset['ready'] = 'true';
  render(true);
});
