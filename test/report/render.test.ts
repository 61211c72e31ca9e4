/**
 * Each chart builder rendered to SVG through vega-lite → vega: the document is well-formed XML, and it holds
 * the expected number of lines, dots, panels and legend entries.
 */
import { describe, expect, it } from 'vitest';
import {
  fittedCurves,
  gradientCurve,
  lineChart,
  lossCurve,
  lossVsParameter,
  optimizerPaths,
  renderSvg,
  smoothedCosts,
} from '../../src/report/index.ts';
import { countLegendEntries, countMarks, markGroups, parseSvg, texts } from './svg.ts';

const ramp = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('rendered charts', () => {
  it('lineChart: one line per series, a legend entry per group, the title and axis titles as text', async () => {
    const chart = lineChart({
      name: 'three',
      title: 'Three & more <lines>',
      xTitle: 'step',
      yTitle: 'value',
      series: [
        { name: 'a', y: [1, 2, 3] },
        { name: 'b', y: [3, 2, 1] },
        { name: 'c', x: [0, 5], y: [0, 0], style: 'dashed' },
      ],
    });
    const svg = await renderSvg(chart);
    const root = parseSvg(svg);
    expect(countMarks(root, 'line')).toBe(3);
    expect(countLegendEntries(root)).toBe(3);
    expect(texts(root)).toEqual(expect.arrayContaining(['Three & more <lines>', 'step', 'value']));
    expect(Number(root.getAttribute('width'))).toBeGreaterThan(400);
  });

  it('lossCurve on a log axis drops non-positive losses and draws one line without a legend', async () => {
    const root = parseSvg(await renderSvg(lossCurve([4, 2, 1, 0, 0.5], { name: 'loss', title: 'Loss', logY: true })));
    expect(countMarks(root, 'line')).toBe(1);
    expect(countLegendEntries(root)).toBe(0);
  });

  it('gradientCurve: the gradient and the zero line', async () => {
    const root = parseSvg(await renderSvg(gradientCurve([3, 2, 1], { name: 'g', title: 'Gradient' })));
    expect(countMarks(root, 'line')).toBe(2);
  });

  it('smoothedCosts: a raw and a smoothed line per method, one legend entry per method, raw ones faint', async () => {
    const costs = {
      batch: ramp(30, (i) => 1 / (i + 1)),
      sgd: ramp(30, (i) => 1 / (i + 1) + (i % 3)),
      mini: ramp(30, (i) => 2 / (i + 1)),
    };
    const svg = await renderSvg(smoothedCosts(costs, { name: 'smooth', title: 'Costs' }));
    const root = parseSvg(svg);
    expect(countMarks(root, 'line')).toBe(6);
    expect(countLegendEntries(root)).toBe(3);
    const opacities = markGroups(root, 'line').flatMap((g) =>
      Array.from(g.getElementsByTagName('path')).map((p) => p.getAttribute('opacity') ?? '1'),
    );
    expect(opacities.filter((o) => o === '0.3')).toHaveLength(3);
  });

  it('fittedCurves: the true curve and one line per snapshot', async () => {
    const x = ramp(11, (i) => i / 10);
    const fits = [1, 2, 3].map((k) => ({ label: `epoch ${k}`, y: x.map((v) => k * v) }));
    const root = parseSvg(
      await renderSvg(
        fittedCurves(
          x,
          x.map((v) => 2 * v),
          fits,
          { name: 'fits', title: 'Fits' },
        ),
      ),
    );
    expect(countMarks(root, 'line')).toBe(4);
    expect(countLegendEntries(root)).toBe(4);
  });

  it('lossVsParameter: the curve and the path, with a dot per visited value', async () => {
    const visited = [10, 8, 6.4, 5.12];
    const root = parseSvg(
      await renderSvg(lossVsParameter((w) => w * w, visited, { name: 'path', title: 'Path', parameter: 'w' })),
    );
    expect(countMarks(root, 'line')).toBe(2);
    expect(countMarks(root, 'symbol')).toBe(visited.length);
  });

  it('optimizerPaths: one panel per optimizer, each with its curve, its path and a dot per step', async () => {
    const paths = {
      gd: ramp(21, (i) => 10 * 0.8 ** i),
      adam: ramp(21, (i) => 10 - 0.1 * i),
      sgd: ramp(21, (i) => 10 * 0.7 ** i),
    };
    const svg = await renderSvg(
      optimizerPaths((x) => x * x, paths, { name: 'paths', title: 'Paths', range: [-11, 11] }),
    );
    const root = parseSvg(svg);
    expect(markGroups(root, 'line')).toHaveLength(6);
    expect(countMarks(root, 'line')).toBe(6);
    expect(countMarks(root, 'symbol')).toBe(63);
    expect(texts(root)).toEqual(expect.arrayContaining(['gd', 'adam', 'sgd']));
  });
});

describe('lossCurve x positions', () => {
  it('starts at firstX: epochs counted from 1 put no tick at 0', async () => {
    const from0 = texts(
      parseSvg(await renderSvg(lossCurve([5, 4, 3, 2, 1], { name: 'e0', title: 'E', xTitle: 'epoch' }))),
    );
    const from1 = texts(
      parseSvg(await renderSvg(lossCurve([5, 4, 3, 2, 1], { name: 'e1', title: 'E', xTitle: 'epoch', firstX: 1 }))),
    );
    expect(from0).toContain('0.0');
    expect(from1).not.toContain('0.0');
    expect(from1).toContain('5.0');
  });
});

describe('renderSvg at its boundary', () => {
  it('refuses a chart whose spec does not name a Vega-Lite schema, naming the chart', async () => {
    await expect(
      renderSvg({ name: 'hand-made', title: 'T', spec: { $schema: 'https://example.org/other.json' } }),
    ).rejects.toThrow(/renderSvg: chart "hand-made": spec\.\$schema must name a Vega-Lite schema/);
  });
});
