/**
 * A nonlinear curve fit with standard errors: the Michaelis–Menten rate law
 *
 *   v(S) = V_max · S / (K_m + S)
 *
 * fitted to 24 noisy rate measurements by `leastSquares` (Levenberg–Marquardt as MINPACK's lmder). The residuals
 * rᵢ = v(Sᵢ) − vᵢ are ordinary TypeScript over tensors; their Jacobian comes from gradfold (forward mode: 2
 * parameters, 24 residuals). The fit reports V_max and K_m with standard errors from the covariance s²(JᵀJ)⁻¹,
 * s² = ‖r‖²/(m − n), as SciPy's curve_fit does; the charts show the data, the fit and the true curve, and the
 * residuals.
 *
 * Data: V_max = 2, K_m = 0.5, substrate concentrations from 0.05 to 5 on a log scale, Gaussian noise σ = 0.05
 * drawn with `normal(key(17), …)`.
 */
import { type Tensor, add, div, key, leastSquares, mul, normal, sub, tensor } from 'gradfold';
import { lineChart } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

/** The true parameters the data are drawn from, and the noise. */
export const truth = { vmax: 2, km: 0.5 } as const;
export const sigma = 0.05;

const m = 24;
const substrate = Array.from({ length: m }, (_, i) => 0.05 * 100 ** (i / (m - 1)));
const rate = (vmax: number, km: number, s: number): number => (vmax * s) / (km + s);
const noise = normal(key(17), [m], { std: sigma }).data;
const observed = substrate.map((s, i) => rate(truth.vmax, truth.km, s) + (noise[i] ?? 0));
/** The measurements: substrate concentrations Sᵢ and observed rates vᵢ. */
export const data = { substrate, observed } as const;

/** The model's parameters: two numbers (inside the residual function they are rank-0 tensors). */
interface MichaelisMenten {
  readonly vmax: Tensor;
  readonly km: Tensor;
}

const S = tensor(substrate);
const v = tensor(observed);
/** r(θ) = V_max·S/(K_m + S) − v: one residual per measurement. All the user writes. */
const residuals = (p: MichaelisMenten): Tensor => sub(div(mul(p.vmax, S), add(p.km, S)), v);

/** Key results (printed by --json). */
export type CurveFitResults = {
  readonly vmax: number;
  readonly km: number;
  readonly vmaxStdErr: number;
  readonly kmStdErr: number;
  readonly correlation: number;
  readonly cost: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: string;
  readonly reason: string;
  readonly truth: { readonly vmax: number; readonly km: number };
};

/** Fits the curve from a rough start (V_max = the largest rate seen, K_m = the middle concentration). */
export const run = (o: ExampleOptions = {}): ExampleResult<CurveFitResults> => {
  const say = o.log ?? (() => undefined);
  const start = { vmax: Math.max(...observed), km: substrate[m >> 1] ?? 1 };
  const fit = leastSquares(residuals, start);
  const { vmax, km } = fit.params;
  const se = fit.standardErrors;
  const cov = fit.covariance.data;
  const correlation = (cov[1] ?? NaN) / Math.sqrt((cov[0] ?? NaN) * (cov[3] ?? NaN));
  say(
    `Michaelis–Menten fit to ${m} points (σ = ${sigma}), ` +
      `from V_max = ${start.vmax.toFixed(3)}, K_m = ${start.km.toFixed(3)}:`,
  );
  say(`  V_max = ${vmax.toFixed(4)} ± ${se.vmax.toFixed(4)}   (true ${truth.vmax})`);
  say(`  K_m   = ${km.toFixed(4)} ± ${se.km.toFixed(4)}   (true ${truth.km})`);
  say(
    `  correlation(V_max, K_m) = ${correlation.toFixed(3)}; ½‖r‖² = ${fit.cost.toExponential(4)}; ` +
      `s = ${Math.sqrt((2 * fit.cost) / (m - 2)).toFixed(4)}`,
  );
  say(`  ${fit.status} (${fit.reason}) after ${fit.iterations} iterations and ${fit.evaluations} residual evaluations`);

  const grid = Array.from({ length: 101 }, (_, i) => 5 * (i / 100));
  const fitted = lineChart({
    name: 'curve-fit',
    title:
      `Michaelis–Menten: data, fit (V_max = ${vmax.toFixed(3)} ± ${se.vmax.toFixed(3)}, ` +
      `K_m = ${km.toFixed(3)} ± ${se.km.toFixed(3)}) and the true curve`,
    xTitle: 'substrate concentration S',
    yTitle: 'rate v',
    series: [
      { name: 'data', x: substrate, y: observed, style: 'faint' },
      { name: 'fit', x: grid, y: grid.map((s) => rate(vmax, km, s)) },
      { name: 'true curve', x: grid, y: grid.map((s) => rate(truth.vmax, truth.km, s)), style: 'dashed' },
    ],
    points: true,
  });
  const residualChart = lineChart({
    name: 'curve-fit-residuals',
    title: 'Residuals of the fit, v(Sᵢ) − vᵢ (noise σ = 0.05)',
    xTitle: 'substrate concentration S',
    yTitle: 'residual',
    series: [
      { name: 'residual', x: substrate, y: Array.from(fit.residuals.data) },
      { name: 'zero', x: [0, 5], y: [0, 0], style: 'dashed' },
    ],
    points: true,
  });
  return {
    results: {
      vmax,
      km,
      vmaxStdErr: se.vmax,
      kmStdErr: se.km,
      correlation,
      cost: fit.cost,
      iterations: fit.iterations,
      evaluations: fit.evaluations,
      status: fit.status,
      reason: fit.reason,
      truth: { vmax: truth.vmax, km: truth.km },
    },
    summary: {
      result:
        `V_max = ${vmax.toFixed(3)} ± ${se.vmax.toFixed(3)}, K_m = ${km.toFixed(3)} ± ${se.km.toFixed(3)} ` +
        `(${fit.evaluations} evaluations)`,
      loss: fit.cost,
    },
    charts: [fitted, residualChart],
  };
};

main(import.meta.url, 'curve-fit', run);
