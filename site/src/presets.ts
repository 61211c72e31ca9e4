/** The formulas the page offers, each with the region plotted and a start point. */
import type { Point } from './formula.ts';

/** A preset loss: its formula (mathjs syntax), the plotted box and the default start. */
export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly formula: string;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly start: Point<number>;
  /** Factor applied to every optimizer's default learning rate. */
  readonly lrScale: number;
}

/** The seeds' one-weight data: x = y, so J(w) = ½ Σ (w·xᵢ − yᵢ)² is least at w = 1 (w is x here; y is unused). */
const seedXs = [0.18, 0.1, 0.16, 0.08, 0.09, 0.11, 0.12, 0.17, 0.15, 0.14, 0.13];
const oneWeight = `0.5 * (${seedXs.map((v) => `(${v}*x - ${v})^2`).join(' + ')})`;

/** The presets, the first one selected when the page opens. */
export const presets: readonly Preset[] = [
  {
    id: 'bowl',
    label: 'Elongated bowl (x−1)² + 10(y+2)²',
    formula: '(x-1)^2 + 10*(y+2)^2',
    x: [-3, 4],
    y: [-4.5, 1],
    start: { x: -2, y: 0.5 },
    lrScale: 1,
  },
  { id: 'square', label: 'x²', formula: 'x^2', x: [-3, 3], y: [-2, 2], start: { x: 2.5, y: 1 }, lrScale: 1 },
  {
    id: 'rosenbrock',
    label: 'Rosenbrock',
    formula: '(1 - x)^2 + 100*(y - x^2)^2',
    x: [-2, 2],
    y: [-1, 3],
    start: { x: -1.5, y: 2.5 },
    lrScale: 0.02,
  },
  {
    id: 'beale',
    label: 'Beale',
    formula: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    x: [-4.5, 4.5],
    y: [-4.5, 4.5],
    start: { x: 1, y: 1.5 },
    lrScale: 0.1,
  },
  {
    id: 'himmelblau',
    label: 'Himmelblau',
    formula: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    x: [-5, 5],
    y: [-5, 5],
    start: { x: 0, y: 0 },
    lrScale: 0.1,
  },
  {
    id: 'saddle',
    label: 'Saddle x² − y²',
    formula: 'x^2 - y^2',
    x: [-2, 2],
    y: [-2, 2],
    start: { x: -1.8, y: 0.05 },
    lrScale: 0.5,
  },
  {
    id: 'oneWeight',
    label: "The seeds' one-weight cost J(w), w = x",
    formula: oneWeight,
    x: [-2, 12],
    y: [-1, 1],
    start: { x: 10, y: 0 },
    lrScale: 20,
  },
];
