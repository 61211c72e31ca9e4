/**
 * renderSvg without its optional peers: when vega cannot be loaded, the render fails with a GradfoldError that
 * names the packages to install (it was a plain Error), and the builders keep working without them.
 */
import { expect, it, vi } from 'vitest';
import { GradfoldError } from '../../src/core/errors.ts';
import { lossCurve, renderSvg } from '../../src/report/index.ts';

vi.mock('vega', () => {
  throw new Error('Cannot find package "vega"');
});

it('a render without vega installed is a GradfoldError naming the packages to install', async () => {
  const chart = lossCurve([1, 0.5], { name: 'loss', title: 'Loss' });
  expect(chart.name).toBe('loss');
  const render = renderSvg(chart);
  await expect(render).rejects.toThrow(GradfoldError);
  await expect(render).rejects.toThrow(
    new RegExp(
      /^renderSvg: drawing charts needs the optional peer dependencies vega and vega-lite; /.source +
        /install them with `npm install vega vega-lite`/.source,
    ),
  );
});
