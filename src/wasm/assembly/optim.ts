/**
 * Fused optimizer steps: each kernel makes one pass over a leaf and does, element by element, the operations
 * of the JavaScript passes (src/optim/transforms/*), in the same order. Float32 kernels compute in f32, so
 * every operation rounds to float32 as the passes do when they store; float64 kernels compute in f64 (no fused
 * multiply-add in WebAssembly), so the bits are the JavaScript ones. Operands are arrays of `n` elements at
 * byte offsets (placed by src/wasm/optim.ts), updated in place; the vector loop takes 16 bytes at a time and a
 * scalar loop the rest. Constants arrive already rounded to the dtype.
 */

/** Lanes of a 128-bit vector of T. */
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** max(old, v) with the reference's NaN rule: old when old > v or old is NaN, else v. */
@inline function vmaxNan<T>(old: v128, v: v128): v128 {
  return v128.bitselect(old, v, v128.or(v128.gt<T>(old, v), v128.ne<T>(old, old)));
}

/** The scalar form of `vmaxNan`. */
@inline function maxNan<T>(old: T, v: T): T {
  return old > v || old != old ? old : v;
}

/** `flags` of `adam`: AMSGrad's running maximum of v. */
const AMSGRAD = 1;
/** `flags` of `adam`: coupled weight decay first, g ← g + λ·p. */
const COUPLED = 2;
/** `flags` of `adam`: decoupled weight decay after the step, u ← u + λ·p. */
const DECOUPLED = 4;
/** `flags` of `adam`, `trace`: the update scaled at the end, u ← s·u (the learning rate). */
const SCALED = 8;

/**
 * Adam's step over n elements, in place (see src/optim/transforms/adam-step.ts):
 *   [g ← g + λp];  m ← m·β₁ + g·(1 − β₁);  v ← v·β₂ + (g·g)·(1 − β₂);  [w ← max(v̄, v), v̄ ← w]
 *   u ← (m / bc1) / (√w / bc2 + ε);  [u ← u + λp];  [u ← u·s];  g's array receives u.
 */
@inline function adam<T>(
  m: usize, v: usize, vmax: usize, g: usize, p: usize, n: i32,
  b1: T, ob1: T, b2: T, ob2: T, bc1: T, bc2: T, eps: T, wd: T, s: T, flags: i32,
): void {
  const ams = (flags & AMSGRAD) != 0;
  const coupled = (flags & COUPLED) != 0;
  const decoupled = (flags & DECOUPLED) != 0;
  const scaled = (flags & SCALED) != 0;
  const B1 = v128.splat<T>(b1), OB1 = v128.splat<T>(ob1), B2 = v128.splat<T>(b2), OB2 = v128.splat<T>(ob2);
  const BC1 = v128.splat<T>(bc1), BC2 = v128.splat<T>(bc2), EPS = v128.splat<T>(eps);
  const WD = v128.splat<T>(wd), S = v128.splat<T>(s);
  const L = lanes<T>();
  const bytes = <usize>n * sizeof<T>();
  const vecBytes = <usize>(n - (n % L)) * sizeof<T>();
  let o: usize = 0;
  for (; o < vecBytes; o += 16) {
    let gi = v128.load(g + o);
    if (coupled) gi = v128.add<T>(gi, v128.mul<T>(v128.load(p + o), WD));
    const mi = v128.add<T>(v128.mul<T>(v128.load(m + o), B1), v128.mul<T>(gi, OB1));
    const vi = v128.add<T>(v128.mul<T>(v128.load(v + o), B2), v128.mul<T>(v128.mul<T>(gi, gi), OB2));
    let w = vi;
    if (ams) {
      w = vmaxNan<T>(v128.load(vmax + o), vi);
      v128.store(vmax + o, w);
    }
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    let u = v128.div<T>(v128.div<T>(mi, BC1), v128.add<T>(v128.div<T>(v128.sqrt<T>(w), BC2), EPS));
    if (decoupled) u = v128.add<T>(u, v128.mul<T>(v128.load(p + o), WD));
    if (scaled) u = v128.mul<T>(u, S);
    v128.store(g + o, u);
  }
  for (; o < bytes; o += sizeof<T>()) {
    let gi = load<T>(g + o);
    if (coupled) gi = gi + load<T>(p + o) * wd;
    const mi: T = load<T>(m + o) * b1 + gi * ob1;
    const vi: T = load<T>(v + o) * b2 + gi * gi * ob2;
    let w = vi;
    if (ams) {
      w = maxNan<T>(load<T>(vmax + o), vi);
      store<T>(vmax + o, w);
    }
    store<T>(m + o, mi);
    store<T>(v + o, vi);
    let u: T = mi / bc1 / (sqrt<T>(w) / bc2 + eps);
    if (decoupled) u = u + load<T>(p + o) * wd;
    if (scaled) u = u * s;
    store<T>(g + o, u);
  }
}

/** Adam's step on float32 arrays (see `adam`; constants already rounded to float32). */
export function adamF32(
  m: usize, v: usize, vmax: usize, g: usize, p: usize, n: i32,
  b1: f32, ob1: f32, b2: f32, ob2: f32, bc1: f32, bc2: f32, eps: f32, wd: f32, s: f32, flags: i32,
): void {
  adam<f32>(m, v, vmax, g, p, n, b1, ob1, b2, ob2, bc1, bc2, eps, wd, s, flags);
}

/** Adam's step on float64 arrays (see `adam`). */
export function adamF64(
  m: usize, v: usize, vmax: usize, g: usize, p: usize, n: i32,
  b1: f64, ob1: f64, b2: f64, ob2: f64, bc1: f64, bc2: f64, eps: f64, wd: f64, s: f64, flags: i32,
): void {
  adam<f64>(m, v, vmax, g, p, n, b1, ob1, b2, ob2, bc1, bc2, eps, wd, s, flags);
}

/** `flags` of `trace`: the buffer holds a gradient already (else b ← g). */
const STARTED = 1;
/** `flags` of `trace`: Nesterov's update u = g + μ·b (else u = b). */
const NESTEROV = 2;
/** `flags` of `trace`: coupled weight decay first, g ← g + λ·p. */
const TRACE_COUPLED = 4;
/** `flags` of `trace`: a momentum buffer is kept (μ ≠ 0; else u = g and b is not touched). */
const MOMENTUM = 16;

/**
 * SGD's step over n elements, in place (see src/optim/transforms/trace.ts and sgd's chain):
 *   [g ← g + λ·p];  with momentum: b ← b·μ + g·(1 − τ) once started (else b ← g), u ← g + b·μ (Nesterov) or
 *   u ← b;  without: u ← g;  [u ← u·s].  b's array receives b, g's array receives u.
 */
@inline function trace<T>(b: usize, g: usize, p: usize, n: i32, mu: T, omd: T, wd: T, s: T, flags: i32): void {
  const started = (flags & STARTED) != 0;
  const nesterov = (flags & NESTEROV) != 0;
  const coupled = (flags & TRACE_COUPLED) != 0;
  const scaled = (flags & SCALED) != 0;
  const momentum = (flags & MOMENTUM) != 0;
  const MU = v128.splat<T>(mu), OMD = v128.splat<T>(omd), WD = v128.splat<T>(wd), S = v128.splat<T>(s);
  const bytes = <usize>n * sizeof<T>();
  const vecBytes = <usize>(n - (n % lanes<T>())) * sizeof<T>();
  let o: usize = 0;
  for (; o < vecBytes; o += 16) {
    let gi = v128.load(g + o);
    if (coupled) gi = v128.add<T>(gi, v128.mul<T>(v128.load(p + o), WD));
    let u = gi;
    if (momentum) {
      const bi = started ? v128.add<T>(v128.mul<T>(v128.load(b + o), MU), v128.mul<T>(gi, OMD)) : gi;
      v128.store(b + o, bi);
      u = nesterov ? v128.add<T>(gi, v128.mul<T>(bi, MU)) : bi;
    }
    if (scaled) u = v128.mul<T>(u, S);
    v128.store(g + o, u);
  }
  for (; o < bytes; o += sizeof<T>()) {
    let gi = load<T>(g + o);
    if (coupled) gi = gi + load<T>(p + o) * wd;
    let u = gi;
    if (momentum) {
      const bi: T = started ? load<T>(b + o) * mu + gi * omd : gi;
      store<T>(b + o, bi);
      u = nesterov ? gi + bi * mu : bi;
    }
    if (scaled) u = u * s;
    store<T>(g + o, u);
  }
}

/** SGD's step on float32 arrays (see `trace`). */
export function traceF32(b: usize, g: usize, p: usize, n: i32, mu: f32, omd: f32, wd: f32, s: f32, flags: i32): void {
  trace<f32>(b, g, p, n, mu, omd, wd, s, flags);
}

/** SGD's step on float64 arrays (see `trace`). */
export function traceF64(b: usize, g: usize, p: usize, n: i32, mu: f64, omd: f64, wd: f64, s: f64, flags: i32): void {
  trace<f64>(b, g, p, n, mu, omd, wd, s, flags);
}

/** `flags` of `rms`: centered (divide by √(ν − μ²)). */
const CENTERED = 1;
/** `flags` of `rms`: ε inside the root, √(ν̃ + ε). */
const EPS_INSIDE = 2;
/** `flags` of `rms`, `adagrad`: coupled weight decay first, g ← g + λ·p. */
const PRE_COUPLED = 4;
/** `flags` of `rms`: the momentum buffer holds a step already (else b ← d). */
const PRE_STARTED = 32;

/**
 * RMSProp's step over n elements, in place (see src/optim/transforms/rms.ts and rmsprop's chain):
 *   [g ← g + λp];  ν ← ν·α + (g·g)·(1 − α);  [μ ← μ·α + g·(1 − α), ν̃ = ν − μ·μ];  d = g / (√ν̃ + ε) or
 *   g / √(ν̃ + ε);  [b ← b·m + d·1 once started, else b ← d;  d ← b];  [d ← d·s].
 * nu's, mu's and b's arrays receive ν, μ and b; g's array receives d.
 */
@inline function rms<T>(
  nu: usize, mu: usize, b: usize, g: usize, p: usize, n: i32,
  a: T, oa: T, eps: T, m: T, wd: T, s: T, flags: i32,
): void {
  const centered = (flags & CENTERED) != 0;
  const inside = (flags & EPS_INSIDE) != 0;
  const coupled = (flags & PRE_COUPLED) != 0;
  const scaled = (flags & SCALED) != 0;
  const momentum = (flags & MOMENTUM) != 0;
  const started = (flags & PRE_STARTED) != 0;
  const A = v128.splat<T>(a), OA = v128.splat<T>(oa), EPS = v128.splat<T>(eps);
  const M = v128.splat<T>(m), ONE = v128.splat<T>(1), WD = v128.splat<T>(wd), S = v128.splat<T>(s);
  const bytes = <usize>n * sizeof<T>();
  const vecBytes = <usize>(n - (n % lanes<T>())) * sizeof<T>();
  let o: usize = 0;
  for (; o < vecBytes; o += 16) {
    let gi = v128.load(g + o);
    if (coupled) gi = v128.add<T>(gi, v128.mul<T>(v128.load(p + o), WD));
    const ni = v128.add<T>(v128.mul<T>(v128.load(nu + o), A), v128.mul<T>(v128.mul<T>(gi, gi), OA));
    v128.store(nu + o, ni);
    let variance = ni;
    if (centered) {
      const mi = v128.add<T>(v128.mul<T>(v128.load(mu + o), A), v128.mul<T>(gi, OA));
      v128.store(mu + o, mi);
      variance = v128.sub<T>(ni, v128.mul<T>(mi, mi));
    }
    const denom = inside ? v128.sqrt<T>(v128.add<T>(variance, EPS)) : v128.add<T>(v128.sqrt<T>(variance), EPS);
    let d = v128.div<T>(gi, denom);
    if (momentum) {
      d = started ? v128.add<T>(v128.mul<T>(v128.load(b + o), M), v128.mul<T>(d, ONE)) : d;
      v128.store(b + o, d);
    }
    if (scaled) d = v128.mul<T>(d, S);
    v128.store(g + o, d);
  }
  for (; o < bytes; o += sizeof<T>()) {
    let gi = load<T>(g + o);
    if (coupled) gi = gi + load<T>(p + o) * wd;
    const ni: T = load<T>(nu + o) * a + gi * gi * oa;
    store<T>(nu + o, ni);
    let variance = ni;
    if (centered) {
      const mi: T = load<T>(mu + o) * a + gi * oa;
      store<T>(mu + o, mi);
      variance = ni - mi * mi;
    }
    const denom: T = inside ? sqrt<T>(variance + eps) : sqrt<T>(variance) + eps;
    let d: T = gi / denom;
    if (momentum) {
      d = started ? load<T>(b + o) * m + d * <T>1 : d;
      store<T>(b + o, d);
    }
    if (scaled) d = d * s;
    store<T>(g + o, d);
  }
}

/** RMSProp's step on float32 arrays (see `rms`). */
export function rmsF32(
  nu: usize, mu: usize, b: usize, g: usize, p: usize, n: i32,
  a: f32, oa: f32, eps: f32, m: f32, wd: f32, s: f32, flags: i32,
): void {
  rms<f32>(nu, mu, b, g, p, n, a, oa, eps, m, wd, s, flags);
}

/** RMSProp's step on float64 arrays (see `rms`). */
export function rmsF64(
  nu: usize, mu: usize, b: usize, g: usize, p: usize, n: i32,
  a: f64, oa: f64, eps: f64, m: f64, wd: f64, s: f64, flags: i32,
): void {
  rms<f64>(nu, mu, b, g, p, n, a, oa, eps, m, wd, s, flags);
}

/**
 * Adagrad's step over n elements, in place (see src/optim/transforms/adagrad.ts and adagrad's chain):
 *   [g ← g + λp];  G ← G + g·g;  u = g / (√G + ε);  [u ← u·s].  sum's array receives G, g's array receives u.
 */
@inline function adagrad<T>(sum: usize, g: usize, p: usize, n: i32, eps: T, wd: T, s: T, flags: i32): void {
  const coupled = (flags & PRE_COUPLED) != 0;
  const scaled = (flags & SCALED) != 0;
  const EPS = v128.splat<T>(eps), WD = v128.splat<T>(wd), S = v128.splat<T>(s);
  const bytes = <usize>n * sizeof<T>();
  const vecBytes = <usize>(n - (n % lanes<T>())) * sizeof<T>();
  let o: usize = 0;
  for (; o < vecBytes; o += 16) {
    let gi = v128.load(g + o);
    if (coupled) gi = v128.add<T>(gi, v128.mul<T>(v128.load(p + o), WD));
    const si = v128.add<T>(v128.load(sum + o), v128.mul<T>(gi, gi));
    v128.store(sum + o, si);
    let u = v128.div<T>(gi, v128.add<T>(v128.sqrt<T>(si), EPS));
    if (scaled) u = v128.mul<T>(u, S);
    v128.store(g + o, u);
  }
  for (; o < bytes; o += sizeof<T>()) {
    let gi = load<T>(g + o);
    if (coupled) gi = gi + load<T>(p + o) * wd;
    const si: T = load<T>(sum + o) + gi * gi;
    store<T>(sum + o, si);
    let u: T = gi / (sqrt<T>(si) + eps);
    if (scaled) u = u * s;
    store<T>(g + o, u);
  }
}

/** Adagrad's step on float32 arrays (see `adagrad`). */
export function adagradF32(sum: usize, g: usize, p: usize, n: i32, eps: f32, wd: f32, s: f32, flags: i32): void {
  adagrad<f32>(sum, g, p, n, eps, wd, s, flags);
}

/** Adagrad's step on float64 arrays (see `adagrad`). */
export function adagradF64(sum: usize, g: usize, p: usize, n: i32, eps: f64, wd: f64, s: f64, flags: i32): void {
  adagrad<f64>(sum, g, p, n, eps, wd, s, flags);
}

/**
 * x ← x·s over n elements, then, when `p` is not 0, p ← p + x (a scaled update applied to the parameters:
 * `scale`/`scaleByLearningRate` and `applyUpdates`).
 */
@inline function scaleApply<T>(x: usize, p: usize, n: i32, s: T, scaled: bool): void {
  const S = v128.splat<T>(s);
  const apply = p != 0;
  const bytes = <usize>n * sizeof<T>();
  const vecBytes = <usize>(n - (n % lanes<T>())) * sizeof<T>();
  let o: usize = 0;
  for (; o < vecBytes; o += 16) {
    let xi = v128.load(x + o);
    if (scaled) {
      xi = v128.mul<T>(xi, S);
      v128.store(x + o, xi);
    }
    if (apply) v128.store(p + o, v128.add<T>(v128.load(p + o), xi));
  }
  for (; o < bytes; o += sizeof<T>()) {
    let xi = load<T>(x + o);
    if (scaled) {
      xi = xi * s;
      store<T>(x + o, xi);
    }
    if (apply) store<T>(p + o, load<T>(p + o) + xi);
  }
}

/** x ← x·s on float32 arrays, and p ← p + x when p is not 0 (see `scaleApply`). */
export function scaleF32(x: usize, p: usize, n: i32, s: f32): void {
  scaleApply<f32>(x, p, n, s, true);
}

/** x ← x·s on float64 arrays, and p ← p + x when p is not 0 (see `scaleApply`). */
export function scaleF64(x: usize, p: usize, n: i32, s: f64): void {
  scaleApply<f64>(x, p, n, s, true);
}

/** p ← p + u on float32 arrays (`applyUpdates`). */
export function applyF32(p: usize, u: usize, n: i32): void {
  scaleApply<f32>(u, p, n, 1, false);
}

/** p ← p + u on float64 arrays (`applyUpdates`). */
export function applyF64(p: usize, u: usize, n: i32): void {
  scaleApply<f64>(u, p, n, 1, false);
}
