/**
 * gradfold/report at its boundary: every builder, renderSvg, indexPage and the tables refuse arguments of the
 * wrong kind, unknown option keys and values out of range with an ArgumentError (a ShapeError for arrays that
 * must pair up) naming the function, the argument and the value, never an engine error; valid input is drawn
 * as before.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, GradfoldError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { tensor } from '../../src/index.ts';
import * as r from '../../src/report/index.ts';
import { loose } from '../untyped.ts';

/** Asserts that `run` throws an error of `kind` whose message matches `message` exactly where it says so. */
const refuses = (run: () => unknown, kind: typeof ArgumentError | typeof ShapeError, message: RegExp): void => {
  expect(run).toThrow(kind);
  expect(run).toThrow(message);
};

const opts = { name: 'c', title: 'T' };
const line = { name: 'c', title: 'T', xTitle: 'x', yTitle: 'y' };

describe('lineChart', () => {
  const lineChart = loose(r.lineChart);
  it('refuses options that are no record, and a bad name with an ArgumentError (not a RangeError)', () => {
    refuses(
      () => lineChart(),
      ArgumentError,
      /^lineChart: options: expected options \{name, title, xTitle, yTitle, series, …\}, got undefined$/,
    );
    refuses(
      () => lineChart({ ...line, name: '', series: [] }),
      ArgumentError,
      /^lineChart: options\.name: expected a chart name matching .* got ""$/,
    );
    refuses(() => lineChart({ ...line, name: 'Loss Curve', series: [] }), ArgumentError, /got "Loss Curve"$/);
  });

  it('refuses unknown keys in the options and in a series, naming the nearest valid one', () => {
    refuses(
      () => lineChart({ ...line, series: [], logy: true }),
      ArgumentError,
      /^lineChart: options: unknown option "logy" \(did you mean "logY"\?\)$/,
    );
    refuses(
      () => lineChart({ ...line, series: [{ name: 'a', y: [1], colour: 'red' }] }),
      ArgumentError,
      /^lineChart: options\.series\[0\]: unknown option "colour"/,
    );
  });

  it('refuses series of the wrong kind: y not numbers, a typed array, a bad style', () => {
    refuses(
      () => lineChart({ ...line, series: [{ name: 'a', y: [1, '2'] }] }),
      ArgumentError,
      /^lineChart: options\.series\[0\]\.y\[1\]: expected a number, got "2"$/,
    );
    refuses(
      () => lineChart({ ...line, series: [{ name: 'a', y: new Float64Array(2) }] }),
      ArgumentError,
      /y: expected an array of numbers, got a Float64Array \(pass a plain array/,
    );
    refuses(
      () => lineChart({ ...line, series: [{ name: 'a', y: [1], style: 'dotted' }] }),
      ArgumentError,
      /series\[0\]\.style: expected 'solid', 'dashed' or 'faint', got "dotted"$/,
    );
    refuses(
      () => lineChart({ ...line, series: 'a' }),
      ArgumentError,
      /^lineChart: options\.series: expected an array of series/,
    );
  });

  it('refuses x and y of different lengths (ShapeError) and two series with one name', () => {
    refuses(
      () => lineChart({ ...line, series: [{ name: 'a', x: [0, 1, 2], y: [1, 2] }] }),
      ShapeError,
      /series\[0\]\.x has 3 values and options\.series\[0\]\.y has 2 values/,
    );
    refuses(
      () =>
        lineChart({
          ...line,
          series: [
            { name: 'a', y: [1] },
            { name: 'a', y: [2] },
          ],
        }),
      ArgumentError,
      /^lineChart: options\.series: the name "a" appears twice/,
    );
  });

  it('refuses a y domain that is not [lo, hi] with lo < hi, or not positive on a log axis', () => {
    refuses(
      () => lineChart({ ...line, series: [], yDomain: [2, 1] }),
      ArgumentError,
      /options\.yDomain: expected \[lo, hi\] with lo < hi, got \[2, 1\]$/,
    );
    refuses(
      () => lineChart({ ...line, series: [], yDomain: [0, NaN] }),
      ArgumentError,
      /expected \[lo, hi\], two finite numbers, got \[0, NaN\]$/,
    );
    refuses(
      () => lineChart({ ...line, series: [], logY: true, yDomain: [0, 1] }),
      ArgumentError,
      /a logarithmic axis needs lo > 0/,
    );
    refuses(
      () => lineChart({ ...line, series: [], points: 'yes' }),
      ArgumentError,
      /options\.points: expected true or false, got "yes"$/,
    );
  });

  it('still draws valid input: empty series, NaN points dropped, styles and groups', () => {
    const c = r.lineChart({
      ...line,
      series: [
        { name: 'a', y: [1, NaN, 3], group: 'g', style: 'faint' },
        { name: 'b', y: [] },
      ],
    });
    expect(c.name).toBe('c');
    expect(JSON.stringify(c.spec)).toContain(
      '"values":[{"line":"a","group":"g","style":"faint","order":0,"x":0,"y":1},' +
        '{"line":"a","group":"g","style":"faint","order":2,"x":2,"y":3}]',
    );
  });
});

describe('lossCurve, gradientCurve, smoothedCosts', () => {
  it('lossCurve refuses non-numbers (naming the label), a tensor (with the way out), and bad options', () => {
    const lossCurve = loose(r.lossCurve);
    refuses(
      () => lossCurve({ 'batch GD': [1, null] }, opts),
      ArgumentError,
      /^lossCurve: losses\["batch GD"\]\[1\]: expected a number, got null$/,
    );
    refuses(
      () => lossCurve(tensor([1, 2]), opts),
      ArgumentError,
      /^lossCurve: losses: expected an array of numbers, got .*\(a tensor: pass Array\.from\(t\.data\)\)$/,
    );
    refuses(
      () => lossCurve([1]),
      ArgumentError,
      /^lossCurve: options: expected options \{name, title, …\}, got undefined$/,
    );
    refuses(() => lossCurve([1], null), ArgumentError, /got null$/);
    refuses(
      () => lossCurve([1], { ...opts, fristX: 1 }),
      ArgumentError,
      /^lossCurve: options: unknown option "fristX" \(did you mean "firstX"\?\)$/,
    );
    refuses(
      () => lossCurve([1], { ...opts, firstX: '1' }),
      ArgumentError,
      /^lossCurve: options\.firstX: expected a finite number, got "1"$/,
    );
    refuses(
      () => lossCurve([1], { ...opts, title: 3 }),
      ArgumentError,
      /^lossCurve: options\.title: expected a string, got 3$/,
    );
  });

  it('gradientCurve refuses gradients that are no array and a name that is no file stem', () => {
    const gradientCurve = loose(r.gradientCurve);
    refuses(
      () => gradientCurve(null, opts),
      ArgumentError,
      /^gradientCurve: gradients: expected an array of numbers, got null$/,
    );
    refuses(
      () => gradientCurve([1], { ...opts, name: '../up' }),
      ArgumentError,
      /^gradientCurve: options\.name: expected a chart name/,
    );
  });

  it('smoothedCosts refuses an array for the record, β outside [0, 1), and an unknown option key', () => {
    const smoothedCosts = loose(r.smoothedCosts);
    refuses(
      () => smoothedCosts([1, 2], opts),
      ArgumentError,
      /^smoothedCosts: costs: expected a record \{label: array of numbers\}, got an array of length 2$/,
    );
    refuses(
      () => smoothedCosts({ a: [1] }, { ...opts, beta: 1 }),
      ArgumentError,
      /^smoothedCosts: options\.beta: expected a number in \[0, 1\), got 1$/,
    );
    refuses(
      () => smoothedCosts({ a: [1] }, { ...opts, alpha: 0.5 }),
      ArgumentError,
      /^smoothedCosts: options: unknown option "alpha"/,
    );
    expect(r.smoothedCosts({ a: [1, 2] }, { ...opts, beta: 0, firstX: 1 }).name).toBe('c');
  });

  it('valid input keeps its defaults: firstX shifts x, an empty record draws no line', () => {
    expect(JSON.stringify(r.lossCurve([5, 4], { ...opts, firstX: 1 }).spec)).toContain('"x":2,"y":4');
    expect(JSON.stringify(r.lossCurve({}, opts).spec)).toContain('"values":[]');
  });
});

describe('fittedCurves', () => {
  const fittedCurves = loose(r.fittedCurves);
  it("refuses a truth or a fit whose length is not x's (ShapeError), naming it", () => {
    refuses(
      () => fittedCurves([0, 1], [1], [], opts),
      ShapeError,
      /^fittedCurves: truth has 1 value and x has 2 values/,
    );
    refuses(
      () => fittedCurves([0, 1], [1, 2], [{ label: 'a', y: [1, 2, 3] }], opts),
      ShapeError,
      /^fittedCurves: fits\[0\]\.y has 3 values and x has 2 values/,
    );
  });

  it("refuses fits that are not {label, y}, two fits with one label, and the true curve's own label", () => {
    refuses(
      () => fittedCurves([0], [1], 'a', opts),
      ArgumentError,
      /^fittedCurves: fits: expected an array of fits \{label, y\}, got "a"$/,
    );
    refuses(
      () => fittedCurves([0], [1], [{ label: 'a', values: [1] }], opts),
      ArgumentError,
      /^fittedCurves: fits\[0\]: unknown option "values"/,
    );
    refuses(
      () =>
        fittedCurves(
          [0],
          [1],
          [
            { label: 'a', y: [1] },
            { label: 'a', y: [2] },
          ],
          opts,
        ),
      ArgumentError,
      /^fittedCurves: fits: the label "a" appears twice/,
    );
    refuses(
      () => fittedCurves([0], [1], [{ label: 'true curve', y: [1] }], opts),
      ArgumentError,
      /fits\[0\]\.label: "true curve" names the dashed true curve/,
    );
  });
});

describe('curveGrid, lossVsParameter, optimizerPaths', () => {
  it('curveGrid refuses f, range and n of the wrong kind (no BigInt TypeError), an f that returns no number', () => {
    const curveGrid = loose(r.curveGrid);
    refuses(
      () => curveGrid((x: number) => x, null, 10n),
      ArgumentError,
      /^curveGrid: range: expected \[a, b\], two finite numbers, got null$/,
    );
    refuses(
      () => curveGrid((x: number) => x, [0, 1], 10n),
      ArgumentError,
      /^curveGrid: n: expected an integer from 0 to 1000000, got 10n \(a BigInt\)$/,
    );
    refuses(() => curveGrid((x: number) => x, [0, 1], 1e12), ArgumentError, /got 1000000000000$/);
    refuses(() => curveGrid('f', [0, 1], 3), ArgumentError, /^curveGrid: f: expected a function, got "f"$/);
    refuses(
      () => curveGrid((x: number) => tensor(x), [0, 1], 3),
      ArgumentError,
      /^curveGrid: f\(0\) returned .*, not a number \(a tensor: return item\(…\) of it\)$/,
    );
  });

  it('curveGrid keeps valid edge cases: either order, n = 0 and n = 1', () => {
    expect(r.curveGrid((t) => t, [1, -1], 3)).toEqual([
      [1, 1],
      [0, 0],
      [-1, -1],
    ]);
    expect(r.curveGrid((t) => t, [0, 1], 0)).toEqual([]);
    expect(r.curveGrid((t) => 2 * t, [3, 5], 1)).toEqual([[3, 6]]);
  });

  it('lossVsParameter refuses f, thetas and options of the wrong kind, a range it cannot take from the thetas', () => {
    const lossVsParameter = loose(r.lossVsParameter);
    refuses(
      () => lossVsParameter(new Map(), [], opts),
      ArgumentError,
      /^lossVsParameter: f: expected a function, got an instance of Map$/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, '1', opts),
      ArgumentError,
      /^lossVsParameter: thetas: expected an array of numbers, got "1"$/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, [1], null),
      ArgumentError,
      /^lossVsParameter: options: expected options \{name, title, …\}, got null$/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, [1], { ...opts, sample: 10 }),
      ArgumentError,
      /unknown option "sample" \(did you mean "samples"\?\)/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, [1], { ...opts, samples: 1 }),
      ArgumentError,
      /options\.samples: expected an integer from 2 to 1000000, got 1$/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, [1], { ...opts, range: [1, 1] }),
      ArgumentError,
      /options\.range: expected \[lo, hi\] with lo < hi, got \[1, 1\]$/,
    );
    refuses(
      () => lossVsParameter((x: number) => x, [NaN, Infinity], opts),
      ArgumentError,
      /^lossVsParameter: thetas: no finite θ to take the curve's range from \(pass options\.range\)$/,
    );
    refuses(() => lossVsParameter((x: number) => x, [-1e308, 1.7e308], opts), ArgumentError, /too wide to draw/);
    refuses(
      () => lossVsParameter(() => 'high', [1], opts),
      ArgumentError,
      /^lossVsParameter: f\(.*\) returned "high", not a number$/,
    );
  });

  it('lossVsParameter draws a long run (300,000 θ) without overflowing the stack, an empty one with a range', () => {
    const thetas = Array.from({ length: 300_000 }, (_, i) => i / 1000);
    expect(r.lossVsParameter((x) => x * x, thetas, opts).name).toBe('c');
    expect(r.lossVsParameter((x) => x * x, [], { ...opts, range: [-1, 1], samples: 2 }).name).toBe('c');
  });

  it('optimizerPaths refuses an empty or non-record paths, and thetas that are no numbers', () => {
    const optimizerPaths = loose(r.optimizerPaths);
    refuses(
      () => optimizerPaths((x: number) => x, {}, opts),
      ArgumentError,
      /^optimizerPaths: paths: expected at least one optimizer's path \{name: thetas\}, got \{\}$/,
    );
    refuses(
      () => optimizerPaths((x: number) => x, [[1]], opts),
      ArgumentError,
      /^optimizerPaths: paths: expected a record \{label: array of numbers\}, got an array of length 1$/,
    );
    refuses(
      () => optimizerPaths((x: number) => x, { adam: [1, 'x'] }, opts),
      ArgumentError,
      /^optimizerPaths: paths\.adam\[1\]: expected a number, got "x"$/,
    );
    refuses(
      () => optimizerPaths(Infinity, { adam: [1] }, opts),
      ArgumentError,
      /^optimizerPaths: f: expected a function, got Infinity$/,
    );
  });
});

describe('renderSvg', () => {
  const renderSvg = loose(r.renderSvg);
  it('rejects what is no chart with an ArgumentError, before loading Vega', async () => {
    await expect(renderSvg()).rejects.toThrow(
      /^renderSvg: chart: expected a chart \{name, title, spec\} \(e\.g\. lossCurve\(…\)\), got undefined$/,
    );
    await expect(renderSvg(null)).rejects.toThrow(ArgumentError);
    await expect(renderSvg({ name: 'a', title: 'T' })).rejects.toThrow(
      /^renderSvg: chart "a": spec: expected a Vega-Lite specification \(an object\), got undefined$/,
    );
    await expect(renderSvg({ name: 3, title: 'T', spec: {} })).rejects.toThrow(
      /^renderSvg: chart\.name: expected a string, got 3$/,
    );
  });

  it("a spec Vega-Lite cannot compile: ArgumentError naming the chart, Vega-Lite's message, no engine's", async () => {
    const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
    await expect(renderSvg({ name: 'empty', title: 'T', spec: { $schema: schema } })).rejects.toThrow(
      /^renderSvg: chart "empty": Vega-Lite cannot draw its spec \(Invalid specification/,
    );
    const spec: r.VegaLiteSpec & { readonly mark: string } = { $schema: schema, mark: 'nope' };
    const bad = r.renderSvg({ name: 'bad-mark', title: 'T', spec });
    await expect(bad).rejects.toThrow(ArgumentError);
    await expect(bad).rejects.toThrow(
      /^renderSvg: chart "bad-mark": Vega-Lite cannot draw its spec \(check it against the Vega-Lite schema\)$/,
    );
    const cause = await bad.then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.cause : undefined),
    );
    expect(cause).toBeInstanceOf(TypeError);
  });
});

describe('indexPage', () => {
  const indexPage = loose(r.indexPage);
  it('refuses a page that is no {title, entries, summary?}, unknown keys, entries without a file', () => {
    refuses(
      () => indexPage(),
      ArgumentError,
      /^indexPage: page: expected a page \{title, entries, summary\?\}, got undefined$/,
    );
    refuses(
      () => indexPage({ title: 't', entries: [], sumary: 'x' }),
      ArgumentError,
      /^indexPage: page: unknown option "sumary" \(did you mean "summary"\?\)$/,
    );
    refuses(
      () => indexPage({ title: 't', entries: {} }),
      ArgumentError,
      /^indexPage: page\.entries: expected an array of entries \{file, title\}, got \{\}$/,
    );
    refuses(
      () => indexPage({ title: 't', entries: [{ title: 'Loss' }] }),
      ArgumentError,
      /^indexPage: page\.entries\[0\]\.file: expected a string, got undefined$/,
    );
    refuses(
      () => indexPage({ title: 't', entries: [], summary: 3 }),
      ArgumentError,
      /^indexPage: page\.summary: expected a string, got 3$/,
    );
  });
});

describe('formatNumber, formatTable, summaryTable', () => {
  it('formatNumber refuses what is no number (a string was printed as itself)', () => {
    refuses(() => loose(r.formatNumber)('abc'), ArgumentError, /^formatNumber: v: expected a number, got "abc"$/);
    refuses(() => loose(r.formatNumber)(10n), ArgumentError, /got 10n \(a BigInt\)$/);
  });

  it('formatTable refuses headers and cells of the wrong kind, and a row longer than the headers (ShapeError)', () => {
    const formatTable = loose(r.formatTable);
    refuses(() => formatTable(), ArgumentError, /^formatTable: headers: expected an array of strings, got undefined$/);
    refuses(
      () => formatTable([['a']], []),
      ArgumentError,
      /^formatTable: headers\[0\]: expected a string, got an array of length 1$/,
    );
    refuses(
      () => formatTable(['a'], [['x', 1]]),
      ShapeError,
      /^formatTable: rows\[0\] has 2 cells, more than there are headers \(1\)$/,
    );
    refuses(
      () => formatTable(['a'], [[null]]),
      ArgumentError,
      /^formatTable: rows\[0\]\[0\]: expected a string or a number, got null$/,
    );
    refuses(() => formatTable(['a'], 'x'), ArgumentError, /^formatTable: rows: expected an array of rows/);
  });

  it('formatTable pads a short row with blanks and measures 200,000 rows without overflowing the stack', () => {
    expect(r.formatTable(['a', 'b'], [['x']]).split('\n')).toEqual(['a  b', '-  -', 'x']);
    const rows = Array.from({ length: 200_000 }, (_, i) => [i]);
    expect(r.formatTable(['n'], rows).split('\n')[1]).toBe('--------'); // 1.999e+5
  });

  it('summaryTable refuses rows that are no {scenario, result, loss, seconds}, and negative or missing times', () => {
    const summaryTable = loose(r.summaryTable);
    refuses(
      () => summaryTable(),
      ArgumentError,
      /^summaryTable: rows: expected an array of rows \{scenario, result, loss, seconds\}, got undefined$/,
    );
    refuses(
      () => summaryTable([{ scenario: 'a', result: 'b', loss: 1 }]),
      ArgumentError,
      /^summaryTable: rows\[0\]\.seconds: expected a finite number ≥ 0, got undefined$/,
    );
    refuses(() => summaryTable([{ scenario: 'a', result: 'b', loss: 1, seconds: -1 }]), ArgumentError, /got -1$/);
    refuses(
      () => summaryTable([{ scenario: 'a', result: 'b', loss: '1', seconds: 1 }]),
      ArgumentError,
      /^summaryTable: rows\[0\]\.loss: expected a number, got "1"$/,
    );
    refuses(
      () => summaryTable([{ scenario: 'a', result: 'b', loss: 1, seconds: 1, time: 1 }]),
      ArgumentError,
      /^summaryTable: rows\[0\]: unknown option "time"/,
    );
    expect(r.summaryTable([{ scenario: 'a', result: 'b', loss: NaN, seconds: 0 }]).split('\n')[2]).toMatch(
      /^a\s+b\s+-\s+0\.00$/,
    );
  });
});

describe('every refusal is a GradfoldError', () => {
  it('holds for a sample of the calls above', () => {
    const calls: readonly (() => unknown)[] = [
      () => loose(r.lineChart)(3),
      () => loose(r.lossCurve)(),
      () => loose(r.summaryTable)([1]),
    ];
    for (const call of calls) expect(call).toThrow(GradfoldError);
  });
});
