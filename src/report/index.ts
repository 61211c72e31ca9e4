/** report: charts as Vega-Lite specifications, rendered headlessly to SVG, an HTML index, terminal tables. */
export { type Chart, type LineStyle, type Series, type LineChartOptions, type LineRow, chartSize, lineChart, seriesRows } from './chart.ts';
export { type CurveOptions, type Fit, lossCurve, gradientCurve, smoothedCosts, fittedCurves } from './curves.ts';
export { type PathOptions, curveGrid, lossVsParameter, optimizerPaths } from './paths.ts';
export { renderSvg } from './render.ts';
export { type IndexEntry, type IndexPage, escapeHtml, indexPage } from './html.ts';
export { type Cell, type SummaryRow, formatNumber, formatTable, summaryTable } from './table.ts';
export { type WrittenReport, writeReport } from './write.ts';
