/**
 * The contour plot: f on a grid (one vectorised gradfold evaluation), drawn as banded colours with iso-lines
 * where the band changes, then every optimizer's path on top. Plot coordinates map to (x, y) and back.
 */
import { broadcastTo, linspace, reshape } from 'gradfold';
import type { Loss, Point } from './formula.ts';

/** The plotted box. */
export interface View {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** A path to draw: its points and colour. */
export interface DrawnPath {
  readonly points: readonly Point<number>[];
  readonly color: string;
}

/** grid(loss, view, n): f at n×n points (row-major, top row = largest y), as a plain array. */
export const grid = (loss: Loss, view: View, n: number): Float64Array => {
  const xs = reshape(linspace(view.x[0], view.x[1], n), [1, n]);
  const ys = reshape(linspace(view.y[1], view.y[0], n), [n, 1]);
  const value = loss({ x: xs, y: ys });
  if (typeof value === 'number') return new Float64Array(n * n).fill(value);
  return Float64Array.from(broadcastTo(value, [n, n]).data);
};

/** toPlot(view, w, h, p): canvas pixel of point p. */
export const toPlot = (view: View, w: number, h: number, p: Point<number>): Point<number> => ({
  x: ((p.x - view.x[0]) / (view.x[1] - view.x[0])) * w,
  y: ((view.y[1] - p.y) / (view.y[1] - view.y[0])) * h,
});

/** fromPlot(view, w, h, px): the point under canvas pixel px. */
export const fromPlot = (view: View, w: number, h: number, px: Point<number>): Point<number> => ({
  x: view.x[0] + (px.x / w) * (view.x[1] - view.x[0]),
  y: view.y[1] - (px.y / h) * (view.y[1] - view.y[0]),
});

/** bands(values, levels): each value's band on a log-like scale between the grid's min and max. */
const bands = (values: Float64Array, levels: number): Int32Array => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const top = Math.log1p(Math.max(hi - lo, 1e-12));
  return Int32Array.from(values, (v) =>
    Number.isFinite(v) ? Math.min(levels - 1, Math.floor((Math.log1p(v - lo) / top) * levels)) : levels - 1,
  );
};

/** The colours of the plot for the current colour scheme. */
export interface Palette {
  readonly low: readonly [number, number, number];
  readonly high: readonly [number, number, number];
  readonly line: readonly [number, number, number];
}

/** renderSurface(values, n, levels, palette): the bands and iso-lines as an n×n ImageData. */
export const renderSurface = (values: Float64Array, n: number, palette: Palette, levels = 24): ImageData => {
  const b = bands(values, levels);
  const image = new ImageData(n, n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      const band = b[i] ?? 0;
      const edge = (c + 1 < n && b[i + 1] !== band) || (r + 1 < n && b[i + n] !== band);
      const t = band / (levels - 1);
      const rgb = edge ? palette.line : palette.low.map((lo, k) => lo + t * ((palette.high[k] ?? lo) - lo));
      image.data.set([rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, 255], i * 4);
    }
  }
  return image;
};

/** drawPaths(ctx, view, paths): each path as a line with a dot per step, a ring at the start. */
export const drawPaths = (ctx: CanvasRenderingContext2D, view: View, paths: readonly DrawnPath[]): void => {
  const { width: w, height: h } = ctx.canvas;
  const scale = Math.max(1, w / 500);
  for (const path of paths) {
    const pts = path.points.map((p) => toPlot(view, w, h, p));
    ctx.strokeStyle = path.color;
    ctx.fillStyle = path.color;
    ctx.lineWidth = 2 * scale;
    ctx.beginPath();
    pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.stroke();
    for (const p of pts) ctx.fillRect(p.x - 1.5 * scale, p.y - 1.5 * scale, 3 * scale, 3 * scale);
    const last = pts[pts.length - 1];
    if (last !== undefined) {
      ctx.beginPath();
      ctx.arc(last.x, last.y, 4 * scale, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  const first = paths[0]?.points[0];
  if (first !== undefined) {
    const p = toPlot(view, w, h, first);
    ctx.lineWidth = 2 * scale;
    ctx.strokeStyle = '#000';
    ctx.beginPath();
    ctx.arc(p.x, p.y, 6 * scale, 0, 2 * Math.PI);
    ctx.stroke();
  }
};
