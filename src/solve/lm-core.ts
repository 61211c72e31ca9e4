/**
 * The Levenberg–Marquardt iteration of MINPACK's lmder (Moré 1978; Moré, Garbow, Hillstrom 1980), over plain
 * vectors: a trust region ‖Dθ‖ ≤ Δ with the scaling D = the running maximum of J's column norms, the step from
 * `lmpar`, and Δ updated by the ratio ρ of actual to predicted reduction of ‖r‖. Internal to `leastSquares`.
 */
import { applyQt, enorm, epsmch, lmpar, qrfac } from './lm-qr.js';

/** Why the iteration stopped (MINPACK's info 1–8, and a non-finite residual or Jacobian). */
export type LeastSquaresReason =
  'ftol' | 'xtol' | 'ftol+xtol' | 'gtol' | 'maxEval' | 'ftolTooSmall' | 'xtolTooSmall' | 'gtolTooSmall' | 'nonFinite';

/** The tolerances and limits of the loop (checked by the caller). */
export interface LmSettings {
  readonly ftol: number;
  readonly xtol: number;
  readonly gtol: number;
  readonly maxEval: number;
  readonly factor: number;
}

/** The functions the loop calls. */
export interface LmFunctions {
  /** r(θ), length m. */
  readonly residuals: (x: Float64Array) => Float64Array;
  /** J(θ), column-major m×n. */
  readonly jacobian: (x: Float64Array) => Float64Array;
}

/** The loop's end. */
export interface LmOutcome {
  /** The last accepted point (every accepted point has finite residuals). */
  readonly x: Float64Array;
  /** r(x). */
  readonly r: Float64Array;
  /** The Jacobian evaluated at x, or undefined if the last one was taken at an earlier point. */
  readonly jacobianAtX: Float64Array | undefined;
  readonly reason: LeastSquaresReason;
  /** Outer iterations (Jacobian evaluations of the loop). */
  readonly iterations: number;
  /** Residual evaluations, the first included (MINPACK's nfev). */
  readonly evaluations: number;
}

const allFinite = (v: Float64Array): boolean => v.every((e) => Number.isFinite(e));

/** The loop of lmder from θ₀ with r(θ₀) = r0 (counted as one evaluation); mode 1 (D from J's column norms). */
export const levenbergMarquardt = (fns: LmFunctions, x0: Float64Array, r0: Float64Array, s: LmSettings): LmOutcome => {
  const n = x0.length;
  const m = r0.length;
  let x: Float64Array = Float64Array.from(x0);
  let fvec: Float64Array = Float64Array.from(r0);
  let nfev = 1;
  let iterations = 0;
  const done = (reason: LeastSquaresReason, jacobianAtX: Float64Array | undefined): LmOutcome => ({
    x,
    r: fvec,
    jacobianAtX,
    reason,
    iterations,
    evaluations: nfev,
  });
  if (!allFinite(fvec)) return done('nonFinite', undefined);
  let fnorm = enorm(fvec);
  let par = 0;
  let delta = 0;
  let xnorm = 0;
  const diag = new Float64Array(n);
  for (let iter = 1; ;) {
    const fjac = fns.jacobian(x);
    iterations++;
    if (!allFinite(fjac)) return done('nonFinite', undefined);
    let jacobianAtX: Float64Array | undefined = Float64Array.from(fjac);
    const { ipvt, rdiag, acnorm } = qrfac(fjac, m, n);
    if (iter === 1) {
      for (let j = 0; j < n; j++) diag[j] = acnorm[j] === 0 ? 1 : (acnorm[j] ?? 1);
      xnorm = enorm(x.map((v, j) => (diag[j] ?? 1) * v));
      delta = s.factor * xnorm;
      if (delta === 0) delta = s.factor;
    }
    const qtf = applyQt(fjac, m, n, rdiag, fvec);
    // The scaled gradient norm: the largest cosine between r and a column of J.
    let gnorm = 0;
    if (fnorm !== 0) {
      for (let j = 0; j < n; j++) {
        const l = ipvt[j] ?? j;
        const cn = acnorm[l] ?? 0;
        if (cn === 0) continue;
        let sum = 0;
        for (let i = 0; i <= j; i++) sum += (fjac[i + j * m] ?? 0) * ((qtf[i] ?? 0) / fnorm);
        gnorm = Math.max(gnorm, Math.abs(sum / cn));
      }
    }
    if (gnorm <= s.gtol) return done('gtol', jacobianAtX);
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j] ?? 0, acnorm[j] ?? 0);
    for (;;) {
      const step = lmpar(fjac, m, n, ipvt, diag, qtf, delta, par);
      par = step.par;
      const p = step.x.map((v) => -v);
      const trial = x.map((v, j) => v + (p[j] ?? 0));
      const pnorm = enorm(p.map((v, j) => (diag[j] ?? 1) * v));
      if (iter === 1) delta = Math.min(delta, pnorm);
      const rTrial = fns.residuals(trial);
      nfev++;
      if (!allFinite(rTrial)) return done('nonFinite', jacobianAtX);
      const fnorm1 = enorm(rTrial);
      const actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) ** 2 : -1;
      // The predicted reduction from the model ‖r + Jp‖, via R: ‖R Pᵀ p‖.
      const rp = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const t = p[ipvt[j] ?? j] ?? 0;
        for (let i = 0; i <= j; i++) rp[i] = (rp[i] ?? 0) + (fjac[i + j * m] ?? 0) * t;
      }
      const temp1 = enorm(rp) / fnorm;
      const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
      const dirder = -(temp1 * temp1 + temp2 * temp2);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let t = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || t < 0.1) t = 0.1;
        delta = t * Math.min(delta, pnorm / 0.1);
        par /= t;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      if (ratio >= 1e-4) {
        x = trial;
        fvec = rTrial;
        xnorm = enorm(x.map((v, j) => (diag[j] ?? 1) * v));
        fnorm = fnorm1;
        jacobianAtX = undefined;
        iter++;
      }
      const fConverged = Math.abs(actred) <= s.ftol && prered <= s.ftol && 0.5 * ratio <= 1;
      const xConverged = delta <= s.xtol * xnorm;
      if (fConverged && xConverged) return done('ftol+xtol', jacobianAtX);
      if (fConverged) return done('ftol', jacobianAtX);
      if (xConverged) return done('xtol', jacobianAtX);
      if (nfev >= s.maxEval) return done('maxEval', jacobianAtX);
      if (Math.abs(actred) <= epsmch && prered <= epsmch && 0.5 * ratio <= 1) return done('ftolTooSmall', jacobianAtX);
      if (delta <= epsmch * xnorm) return done('xtolTooSmall', jacobianAtX);
      if (gnorm <= epsmch) return done('gtolTooSmall', jacobianAtX);
      if (ratio >= 1e-4) break;
    }
  }
};
