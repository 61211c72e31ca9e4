/**
 * A strong-Wolfe line search on a one-dimensional function φ(α) = f(x + α·p): bracketing then zoom, Nocedal &
 * Wright, Numerical Optimization (2nd ed.), Algorithms 3.5 and 3.6, with the minimizer of the cubic through the
 * two ends of the bracket (their eq. 3.59) as the trial step, safeguarded to the bracket's middle 80 %. It accepts
 * α when φ(α) ≤ φ(0) + c₁·α·φ′(0) (sufficient decrease) and |φ′(α)| ≤ c₂·|φ′(0)| (curvature).
 *
 * A trial whose value or slope is NaN or ±∞ is treated as a step too long (the bracket's upper end): the search
 * shrinks towards 0. It gives up after `maxEvals` evaluations of φ, or when the bracket is narrower than
 * rounding can resolve, and says whether any trial was non-finite.
 */

/**
 * φ at one trial step: its value, its slope φ′(α) = ∇f(x + αp)ᵀp, and what the caller wants back (the point, the
 * gradient).
 */
export interface Trial<D> {
  /** φ(α). */
  readonly value: number;
  /** φ′(α). */
  readonly slope: number;
  /** The caller's data at this step. */
  readonly data: D;
}

/** The settings of the search. */
export interface WolfeSettings {
  /** c₁ of the sufficient-decrease condition (0 < c₁ < c₂). */
  readonly c1: number;
  /** c₂ of the curvature condition (c₁ < c₂ < 1). */
  readonly c2: number;
  /** The first trial step α₁ > 0. */
  readonly alpha0: number;
  /** The most evaluations of φ. */
  readonly maxEvals: number;
  /** The largest step (default ∞). */
  readonly alphaMax?: number;
}

/** The search's outcome: a step that satisfies the strong Wolfe conditions, or a failure. */
export type WolfeResult<D> =
  | { readonly ok: true; readonly alpha: number; readonly trial: Trial<D>; readonly evaluations: number }
  | { readonly ok: false; readonly nonFinite: boolean; readonly evaluations: number; readonly reason: string };

/** A trial counts as finite when its value and slope are. */
const finiteTrial = <D>(t: Trial<D>): boolean => Number.isFinite(t.value) && Number.isFinite(t.slope);

/**
 * The minimizer of the cubic interpolating φ and φ′ at a and b (N&W eq. 3.59), or NaN when the cubic has none.
 */
export const cubicMin = (a: number, fa: number, da: number, b: number, fb: number, db: number): number => {
  const d1 = da + db - 3 * ((fa - fb) / (a - b));
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
};

/** The next trial inside the bracket [lo, hi]: the cubic's minimizer, kept in the middle 80 % (else the midpoint). */
const interpolate = <D>(lo: number, tlo: Trial<D>, hi: number, thi: Trial<D> | undefined): number => {
  const mid = (lo + hi) / 2;
  if (thi === undefined || !finiteTrial(thi)) return mid;
  const c = cubicMin(lo, tlo.value, tlo.slope, hi, thi.value, thi.slope);
  const left = Math.min(lo, hi) + 0.1 * Math.abs(hi - lo);
  const right = Math.max(lo, hi) - 0.1 * Math.abs(hi - lo);
  return Number.isFinite(c) && c >= left && c <= right ? c : mid;
};

/**
 * strongWolfe(phi, phi0, s): a step α satisfying the strong Wolfe conditions for φ from φ(0) = phi0 (a finite value
 * and a negative slope), or a failure with its reason.
 */
export const strongWolfe = <D>(phi: (alpha: number) => Trial<D>, phi0: Trial<D>, s: WolfeSettings): WolfeResult<D> => {
  const { c1, c2, maxEvals } = s;
  const alphaMax = s.alphaMax ?? Infinity;
  const f0 = phi0.value;
  const d0 = phi0.slope;
  if (!(d0 < 0))
    return {
      ok: false,
      nonFinite: false,
      evaluations: 0,
      reason: `the direction is not a descent direction (slope ${d0})`,
    };
  let evaluations = 0;
  let nonFinite = false;
  const armijo = (a: number, t: Trial<D>): boolean => t.value <= f0 + c1 * a * d0;
  const curvature = (t: Trial<D>): boolean => Math.abs(t.slope) <= -c2 * d0;
  const evaluate = (a: number): Trial<D> => {
    evaluations++;
    const t = phi(a);
    if (!finiteTrial(t)) nonFinite = true;
    return t;
  };
  const fail = (reason: string): WolfeResult<D> => ({ ok: false, nonFinite, evaluations, reason });

  // zoom(lo, hi): lo satisfies sufficient decrease and has the lowest value so far; the bracket holds a Wolfe step.
  const zoom = (loIn: number, tloIn: Trial<D>, hiIn: number, thiIn: Trial<D> | undefined): WolfeResult<D> => {
    let lo = loIn;
    let tlo = tloIn;
    let hi = hiIn;
    let thi = thiIn;
    while (evaluations < maxEvals) {
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo)))
        return fail('the bracket shrank below rounding without a strong-Wolfe step');
      const a = interpolate(lo, tlo, hi, thi);
      const t = evaluate(a);
      if (!finiteTrial(t) || !armijo(a, t) || t.value >= tlo.value) {
        hi = a;
        thi = t;
      } else {
        if (curvature(t)) return { ok: true, alpha: a, trial: t, evaluations };
        if (t.slope * (hi - lo) >= 0) {
          hi = lo;
          thi = tlo;
        }
        lo = a;
        tlo = t;
      }
    }
    return fail(`no strong-Wolfe step within ${maxEvals} evaluations`);
  };

  let prev = 0;
  let tprev = phi0;
  let a = Math.min(s.alpha0, alphaMax);
  for (let i = 0; evaluations < maxEvals; i++) {
    const t = evaluate(a);
    if (!finiteTrial(t)) return zoom(prev, tprev, a, t);
    if (!armijo(a, t) || (i > 0 && t.value >= tprev.value)) return zoom(prev, tprev, a, t);
    if (curvature(t)) return { ok: true, alpha: a, trial: t, evaluations };
    if (t.slope >= 0) return zoom(a, t, prev, tprev);
    if (a >= alphaMax) return fail('the step reached its largest allowed value without a strong-Wolfe step');
    prev = a;
    tprev = t;
    a = Math.min(2 * a, alphaMax);
  }
  return fail(`no strong-Wolfe step within ${maxEvals} evaluations`);
};
