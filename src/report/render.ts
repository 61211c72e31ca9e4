/**
 * Rendering, headless: Vega-Lite compiles a chart's specification to a Vega specification, and a Vega view
 * without a renderer (no DOM, no canvas) draws it to an SVG string. Text widths are estimated, so no native
 * font or canvas package is needed. Vega and Vega-Lite are optional peer dependencies, loaded on the first
 * render, so importing gradfold does not pay for them (about 0.8 s) unless charts are drawn; without them a
 * render fails with an error naming the packages to install.
 */
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { ArgumentError, GradfoldError, describeValue } from '../core/errors.js';
import { checkString, isRecord } from './arguments.js';
import type { Chart, VegaLiteSpec } from './chart.js';

/** The error of a render asked for without vega and vega-lite installed (a GradfoldError naming the packages). */
const missingPeers = (cause: unknown): GradfoldError =>
  new GradfoldError(
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
const loadVega = async (): Promise<readonly [typeof Vega, typeof VegaLite]> => {
  try {
    return await Promise.all([import('vega'), import('vega-lite')]);
  } catch (e) {
    throw missingPeers(e);
  }
};

/** The chart at renderSvg's boundary: a record {name, title, spec} whose spec names Vega-Lite's schema. */
function checkChart(where: string, chart: unknown): asserts chart is Chart & { readonly spec: TopLevelSpec } {
  if (!isRecord(chart))
    throw new ArgumentError(
      where,
      `chart: expected a chart {name, title, spec} (e.g. lossCurve(…)), got ${describeValue(chart)}`,
    );
  checkString(where, 'chart.name', chart['name']);
  checkString(where, 'chart.title', chart['title']);
  const spec = chart['spec'];
  if (!isRecord(spec))
    throw new ArgumentError(
      where,
      `chart "${chart['name']}": spec: expected a Vega-Lite specification (an object), got ${describeValue(spec)}`,
    );
  if (!isVegaLite(spec))
    throw new ArgumentError(
      where,
      `chart "${chart['name']}": spec.$schema must name a Vega-Lite schema, got ${describeValue(spec['$schema'])}`,
    );
}

/** The engine's own error classes: their messages (`Cannot read properties of undefined`) say nothing to a caller. */
const isEngineError = (e: unknown): boolean =>
  e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError;

/**
 * Vega's own errors on a specification it cannot compile or draw (a hand-made spec) as an ArgumentError naming the
 * chart, with Vega-Lite's message when it wrote one (`Invalid specification …`, shortened), and the error as cause.
 */
const cannotDraw = (where: string, name: string, e: unknown): unknown => {
  if (e instanceof GradfoldError) return e;
  const said = e instanceof Error && !isEngineError(e) ? e.message : '';
  const reason =
    said === '' ? 'check it against the Vega-Lite schema' : said.length > 300 ? `${said.slice(0, 300)}…` : said;
  const error = new ArgumentError(where, `chart "${name}": Vega-Lite cannot draw its spec (${reason})`);
  error.cause = e;
  return error;
};

/**
 * renderSvg(chart) = the SVG document of compile(chart.spec) drawn by a headless Vega view. A chart that is no
 * {name, title, spec}, or a spec that Vega-Lite cannot compile or draw, is an ArgumentError (the promise rejects).
 * @example
 * const svg = await renderSvg(lossCurve([1, 0.5, 0.25], { name: 'loss', title: 'Loss' })); // '<svg …', for writeFile
 */
export const renderSvg = async (chart: Chart): Promise<string> => {
  checkChart('renderSvg', chart);
  const [{ View, parse }, { compile }] = await loadVega();
  let view: InstanceType<typeof View> | undefined;
  try {
    view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
    return await view.toSVG();
  } catch (e) {
    throw cannotDraw('renderSvg', chart.name, e);
  } finally {
    view?.finalize();
  }
};
