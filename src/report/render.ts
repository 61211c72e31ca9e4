/**
 * Rendering, headless: Vega-Lite compiles a chart's specification to a Vega specification, and a Vega view
 * without a renderer (no DOM, no canvas) draws it to an SVG string. Text widths are estimated, so no native
 * font or canvas package is needed. Vega and Vega-Lite are optional peer dependencies, loaded on the first
 * render, so importing gradfold does not pay for them (about 0.8 s) unless charts are drawn; without them a
 * render fails with an error naming the packages to install.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ArgumentError } from '../core/errors.js';
import type { Chart, VegaLiteSpec } from './chart.js';

/** The message of a render asked for without vega and vega-lite installed. */
const missingPeers = (cause: unknown): Error =>
  new Error(
    'renderSvg: drawing charts needs the optional peer dependencies vega and vega-lite; install them with ' +
      `\`npm install vega vega-lite\` (${cause instanceof Error ? cause.message : String(cause)})`,
    { cause },
  );

/**
 * The boundary check of a chart's specification: a plain object whose `$schema` names Vega-Lite (gradfold's
 * builders always write it). Vega-Lite's `compile` validates everything else and throws on what it cannot draw.
 */
const isVegaLite = (spec: VegaLiteSpec): spec is TopLevelSpec =>
  typeof spec === 'object' && spec !== null && typeof spec.$schema === 'string' && spec.$schema.includes('vega-lite');

/** Vega's and Vega-Lite's modules, or the error that names the packages to install. */
const loadVega = async (): Promise<readonly [typeof import('vega'), typeof import('vega-lite')]> => {
  try {
    return await Promise.all([import('vega'), import('vega-lite')]);
  } catch (e) {
    throw missingPeers(e);
  }
};

/**
 * renderSvg(chart) = the SVG document of compile(chart.spec) drawn by a headless Vega view.
 * @example const svg = await renderSvg(lossCurve([1, 0.5, 0.25], { name: 'loss', title: 'Loss' })); // '<svg …', e.g. for writeFile
 */
export const renderSvg = async (chart: Chart): Promise<string> => {
  const spec = chart.spec;
  if (!isVegaLite(spec)) throw new ArgumentError('renderSvg', `chart "${chart.name}": spec.$schema must name a Vega-Lite schema, got ${JSON.stringify(spec.$schema)}`);
  const [{ View, parse }, { compile }] = await loadVega();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
