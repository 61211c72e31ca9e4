/**
 * Rendering, headless: Vega-Lite compiles a chart's specification to a Vega specification, and a Vega view
 * without a renderer (no DOM, no canvas) draws it to an SVG string. Text widths are estimated, so no native
 * font or canvas package is needed. Vega and Vega-Lite are loaded on the first render, so importing gradfold
 * does not pay for them (about 0.8 s) unless charts are drawn.
 */
import type { Chart } from './chart.ts';

/**
 * renderSvg(chart) = the SVG document of compile(chart.spec) drawn by a headless Vega view.
 * @example await writeFile('loss.svg', await renderSvg(lossCurve(history.stepLoss, { name: 'loss', title: 'Loss' })))
 */
export const renderSvg = async (chart: Chart): Promise<string> => {
  const [{ View, parse }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
