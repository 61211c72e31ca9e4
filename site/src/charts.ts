/**
 * The loss and gradient-norm charts: Vega-Lite specs rendered by vega-embed, one named data set each, replaced
 * in place (no re-embedding) as the optimizers step.
 */
import embed, { type EmbedOptions } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';

/** One chart row: an optimizer's loss and gradient norm at a step. */
export interface ChartRow {
  readonly optimizer: string;
  readonly step: number;
  readonly loss: number;
  readonly gradNorm: number;
}

/** The charts, updated by `update`. */
export interface Charts {
  update(rows: readonly ChartRow[]): Promise<void>;
}

/** The page's line charts: container-wide, `height` px tall, transparent, lines over the named data set `rows`. */
export const lineChartBase = (title: string, height: number) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height,
    autosize: { type: 'fit-x', contains: 'padding' },
    background: 'transparent',
    title,
    data: { name: 'rows' },
    mark: { type: 'line', clip: true },
  }) as const;

/** vega-embed's options for the page's charts: no action menu, SVG, the dark theme when the page is dark. */
export const embedOptions = (dark: boolean): EmbedOptions => ({
  actions: false,
  renderer: 'svg',
  ...(dark ? { theme: 'dark' } : {}),
});

/** spec(field, title, domain, range): a line per optimizer of `field` against the step. */
const spec = (
  field: 'loss' | 'gradNorm',
  title: string,
  domain: readonly string[],
  range: readonly string[],
): TopLevelSpec => ({
  ...lineChartBase(title, 180),
  encoding: {
    x: { field: 'step', type: 'quantitative', title: 'step' },
    y: { field, type: 'quantitative', title, scale: { type: 'symlog' } },
    color: {
      field: 'optimizer',
      type: 'nominal',
      title: null,
      scale: { domain: [...domain], range: [...range] },
      legend: { orient: 'bottom' },
    },
  },
});

/** createCharts(lossEl, gradEl, names, colors, dark): the two charts embedded in their elements. */
export const createCharts = async (
  lossEl: HTMLElement,
  gradEl: HTMLElement,
  names: readonly string[],
  colors: readonly string[],
  dark: boolean,
): Promise<Charts> => {
  const options = embedOptions(dark);
  const views = await Promise.all([
    embed(lossEl, spec('loss', 'loss f(x, y)', names, colors), options),
    embed(gradEl, spec('gradNorm', 'gradient norm ‖∇f‖', names, colors), options),
  ]);
  return {
    async update(rows) {
      await Promise.all(
        views.map((v) =>
          v.view
            .data(
              'rows',
              rows.map((r) => ({ ...r })),
            )
            .resize()
            .runAsync(),
        ),
      );
    },
  };
};
