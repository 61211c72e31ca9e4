/**
 * Rendering, headless: Vega-Lite compiles a chart's specification to a Vega specification, and a Vega view
 * without a renderer (no DOM, no canvas) draws it to an SVG string. Text widths are estimated, so no native
 * font or canvas package is needed.
 */
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from './chart.ts';

/**
 * renderSvg(chart) = the SVG document of compile(chart.spec) drawn by a headless Vega view.
 * @example await writeFile('loss.svg', await renderSvg(lossCurve(history.stepLoss, { name: 'loss', title: 'Loss' })))
 */
export const renderSvg = async (chart: Chart): Promise<string> => {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
