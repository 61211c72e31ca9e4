/**
 * gradfold/report: charts as Vega-Lite specifications, rendered headlessly to SVG with Vega (vega and
 * vega-lite are optional peer dependencies, loaded on the first render), an HTML index, terminal tables.
 * Runs in Node and browsers; writing a report to a folder is `writeReport` in gradfold/node.
 *
 * @module gradfold/report
 */
export {
  type Chart,
  type VegaLiteSpec,
  type LineStyle,
  type Series,
  type LineChartOptions,
  type LineRow,
  chartSize,
  lineChart,
} from './chart.js';
export { type CurveOptions, type Fit, lossCurve, gradientCurve, smoothedCosts, fittedCurves } from './curves.js';
export { type PathOptions, curveGrid, lossVsParameter, optimizerPaths } from './paths.js';
export { renderSvg } from './render.js';
export { type IndexEntry, type IndexPage, indexPage } from './html.js';
export { type Cell, type SummaryRow, formatNumber, formatTable, summaryTable } from './table.js';
