/**
 * A reference for the L-BFGS parity tests: a line-by-line transcription of torch.optim.LBFGS from PyTorch's
 * torch/optim/lbfgs.py (`_cubic_interpolate`, `_strong_wolfe`, `LBFGS.step`, `_directional_evaluate`,
 * `_add_grad`) over plain JavaScript number arrays, with the problem's hand-written value and gradient in the
 * closure's place. It shares no code with src/solve: it mutates its parameters in place as torch does, keeps
 * torch's `state` dict as a record, and its comments quote the Python line each statement stands for.
 */

/** A problem with a hand-written gradient. */
export interface Problem {
  readonly f: (x: readonly number[]) => number;
  readonly g: (x: readonly number[]) => number[];
}

/** LBFGS.__init__'s arguments (Python names), defaults as in torch. */
export interface TorchLbfgsOptions {
  readonly lr?: number;
  readonly max_iter?: number;
  readonly max_eval?: number;
  readonly tolerance_grad?: number;
  readonly tolerance_change?: number;
  readonly history_size?: number;
  readonly line_search_fn?: 'strong_wolfe' | null;
}

const dot = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? NaN) * (b[i] ?? NaN);
  return s;
};
const absMax = (a: readonly number[]): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const absSum = (a: readonly number[]): number => a.reduce((s, v) => s + Math.abs(v), 0);
const at = (a: readonly number[], i: number): number => a[i] ?? NaN;

// def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
export function cubicInterpolateRef(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  let xmin_bound: number;
  let xmax_bound: number;
  // if bounds is not None: xmin_bound, xmax_bound = bounds
  if (bounds !== undefined) [xmin_bound, xmax_bound] = bounds;
  // else: xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
  else [xmin_bound, xmax_bound] = x1 <= x2 ? [x1, x2] : [x2, x1];
  // d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  // d2_square = d1**2 - g1 * g2
  const d2_square = d1 ** 2 - g1 * g2;
  // if d2_square >= 0:
  if (d2_square >= 0) {
    // d2 = d2_square.sqrt()
    const d2 = Math.sqrt(d2_square);
    let min_pos: number;
    // if x1 <= x2: min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    if (x1 <= x2) min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
    // else: min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    else min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    // return min(max(min_pos, xmin_bound), xmax_bound)
    return Math.min(Math.max(min_pos, xmin_bound), xmax_bound);
  }
  // else: return (xmin_bound + xmax_bound) / 2.0
  return (xmin_bound + xmax_bound) / 2.0;
}

export type ObjFunc = (x: readonly number[], t: number, d: readonly number[]) => [number, number[]];

// def _strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
export function strongWolfeRef(obj_func: ObjFunc, x: readonly number[], t: number, d: readonly number[], f: number, g0: readonly number[], gtd: number): [number, number[], number, number] {
  const c1 = 1e-4;
  const c2 = 0.9;
  const tolerance_change = 1e-9;
  const max_ls = 25;
  // d_norm = d.abs().max()
  const d_norm = absMax(d);
  // g = g.clone(memory_format=torch.contiguous_format)
  const g = [...g0];
  // f_new, g_new = obj_func(x, t, d)
  let [f_new, g_new] = obj_func(x, t, d);
  // ls_func_evals = 1
  let ls_func_evals = 1;
  // gtd_new = g_new.dot(d)
  let gtd_new = dot(g_new, d);

  // t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
  let t_prev = 0;
  let f_prev = f;
  let g_prev: number[] = [...g];
  let gtd_prev = gtd;
  // done = False; ls_iter = 0
  let done = false;
  let ls_iter = 0;
  let bracket: number[] = [];
  let bracket_f: number[] = [];
  let bracket_g: number[][] = [];
  let bracket_gtd: number[] = [];
  // while ls_iter < max_ls:
  while (ls_iter < max_ls) {
    // if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
    if (f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, [...g_new]];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    // if abs(gtd_new) <= -c2 * gtd:
    if (Math.abs(gtd_new) <= -c2 * gtd) {
      bracket = [t];
      bracket_f = [f_new];
      bracket_g = [g_new];
      done = true;
      break;
    }
    // if gtd_new >= 0:
    if (gtd_new >= 0) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, [...g_new]];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    // min_step = t + 0.01 * (t - t_prev); max_step = t * 10; tmp = t
    const min_step = t + 0.01 * (t - t_prev);
    const max_step = t * 10;
    const tmp = t;
    // t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
    t = cubicInterpolateRef(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    // t_prev = tmp; f_prev = f_new; g_prev = g_new.clone(); gtd_prev = gtd_new
    t_prev = tmp;
    f_prev = f_new;
    g_prev = [...g_new];
    gtd_prev = gtd_new;
    // f_new, g_new = obj_func(x, t, d); ls_func_evals += 1; gtd_new = g_new.dot(d); ls_iter += 1
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = dot(g_new, d);
    ls_iter += 1;
  }
  // if ls_iter == max_ls: bracket = [0, t]; bracket_f = [f, f_new]; bracket_g = [g, g_new]
  if (ls_iter === max_ls) {
    bracket = [0, t];
    bracket_f = [f, f_new];
    bracket_g = [g, g_new];
  }

  // insuf_progress = False
  let insuf_progress = false;
  // low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
  let [low_pos, high_pos] = at(bracket_f, 0) <= at(bracket_f, bracket_f.length - 1) ? [0, 1] : [1, 0];
  // while not done and ls_iter < max_ls:
  while (!done && ls_iter < max_ls) {
    // if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change: break
    if (Math.abs(at(bracket, 1) - at(bracket, 0)) * d_norm < tolerance_change) break;
    // t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
    t = cubicInterpolateRef(at(bracket, 0), at(bracket_f, 0), at(bracket_gtd, 0), at(bracket, 1), at(bracket_f, 1), at(bracket_gtd, 1));
    // eps = 0.1 * (max(bracket) - min(bracket))
    const eps = 0.1 * (Math.max(...bracket) - Math.min(...bracket));
    // if min(max(bracket) - t, t - min(bracket)) < eps:
    if (Math.min(Math.max(...bracket) - t, t - Math.min(...bracket)) < eps) {
      // if insuf_progress or t >= max(bracket) or t <= min(bracket):
      if (insuf_progress || t >= Math.max(...bracket) || t <= Math.min(...bracket)) {
        // t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
        t = Math.abs(t - Math.max(...bracket)) < Math.abs(t - Math.min(...bracket)) ? Math.max(...bracket) - eps : Math.min(...bracket) + eps;
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    // f_new, g_new = obj_func(x, t, d); ls_func_evals += 1; gtd_new = g_new.dot(d); ls_iter += 1
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = dot(g_new, d);
    ls_iter += 1;
    // if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
    if (f_new > f + c1 * t * gtd || f_new >= at(bracket_f, low_pos)) {
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = [...g_new];
      bracket_gtd[high_pos] = gtd_new;
      // low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
      [low_pos, high_pos] = at(bracket_f, 0) <= at(bracket_f, 1) ? [0, 1] : [1, 0];
    } else {
      // if abs(gtd_new) <= -c2 * gtd: done = True
      if (Math.abs(gtd_new) <= -c2 * gtd) done = true;
      // elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0: old high becomes new low
      else if (gtd_new * (at(bracket, high_pos) - at(bracket, low_pos)) >= 0) {
        bracket[high_pos] = at(bracket, low_pos);
        bracket_f[high_pos] = at(bracket_f, low_pos);
        bracket_g[high_pos] = bracket_g[low_pos] ?? [];
        bracket_gtd[high_pos] = at(bracket_gtd, low_pos);
      }
      // new point becomes new low
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = [...g_new];
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  // t = bracket[low_pos]; f_new = bracket_f[low_pos]; g_new = bracket_g[low_pos]
  t = at(bracket, low_pos);
  f_new = at(bracket_f, low_pos);
  g_new = bracket_g[low_pos] ?? [];
  // return f_new, g_new, t, ls_func_evals
  return [f_new, g_new, t, ls_func_evals];
}

/** torch's state dict for the one parameter group. */
interface TorchState {
  func_evals: number;
  n_iter: number;
  d?: number[];
  t?: number;
  old_dirs?: number[][];
  old_stps?: number[][];
  ro?: number[];
  H_diag?: number;
  prev_flat_grad?: number[];
  prev_loss?: number;
}

/** An LBFGS optimizer over the parameters `params` (mutated in place, like torch's tensors). */
export class TorchLbfgsRef {
  readonly state: TorchState = { func_evals: 0, n_iter: 0 };
  private grad: number[] = [];
  readonly lr: number;
  readonly max_iter: number;
  readonly max_eval: number;
  readonly tolerance_grad: number;
  readonly tolerance_change: number;
  readonly history_size: number;
  readonly line_search_fn: 'strong_wolfe' | null;

  constructor(
    readonly params: number[],
    private readonly problem: Problem,
    o: TorchLbfgsOptions = {},
  ) {
    this.lr = o.lr ?? 1;
    this.max_iter = o.max_iter ?? 20;
    // if max_eval is None: max_eval = max_iter * 5 // 4
    this.max_eval = o.max_eval ?? Math.floor((this.max_iter * 5) / 4);
    this.tolerance_grad = o.tolerance_grad ?? 1e-7;
    this.tolerance_change = o.tolerance_change ?? 1e-9;
    this.history_size = o.history_size ?? 100;
    this.line_search_fn = o.line_search_fn ?? null;
  }

  /** The closure: loss.backward() leaves p.grad; returns the loss. */
  private closure(): number {
    this.grad = this.problem.g(this.params);
    return this.problem.f(this.params);
  }

  private _gather_flat_grad(): number[] {
    return [...this.grad];
  }

  // def _add_grad(self, step_size, update): p.add_(update[offset:offset+numel].view_as(p), alpha=step_size)
  private _add_grad(step_size: number, update: readonly number[]): void {
    for (let i = 0; i < this.params.length; i++) this.params[i] = at(this.params, i) + step_size * at(update, i);
  }

  private _clone_param(): number[] {
    return [...this.params];
  }

  private _set_param(params_data: readonly number[]): void {
    for (let i = 0; i < this.params.length; i++) this.params[i] = at(params_data, i);
  }

  // def _directional_evaluate(self, closure, x, t, d):
  private _directional_evaluate(x: readonly number[], t: number, d: readonly number[]): [number, number[]] {
    this._add_grad(t, d);
    const loss = this.closure();
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  /** def step(self, closure): returns orig_loss. */
  step(): number {
    const { lr, max_iter, max_eval, tolerance_grad, tolerance_change, line_search_fn, history_size } = this;
    const state = this.state;
    // orig_loss = closure(); loss = float(orig_loss); current_evals = 1; state["func_evals"] += 1
    const orig_loss = this.closure();
    let loss = orig_loss;
    let current_evals = 1;
    state.func_evals += 1;
    // flat_grad = self._gather_flat_grad(); opt_cond = flat_grad.abs().max() <= tolerance_grad
    let flat_grad = this._gather_flat_grad();
    let opt_cond = absMax(flat_grad) <= tolerance_grad;
    // if opt_cond: return orig_loss
    if (opt_cond) return orig_loss;

    // tensors cached in state
    let d = state.d ?? [];
    let t = state.t ?? NaN;
    let old_dirs = state.old_dirs ?? [];
    let old_stps = state.old_stps ?? [];
    let ro = state.ro ?? [];
    let H_diag = state.H_diag ?? NaN;
    let prev_flat_grad = state.prev_flat_grad;
    let prev_loss = state.prev_loss ?? NaN;

    let n_iter = 0;
    // while n_iter < max_iter:
    while (n_iter < max_iter) {
      n_iter += 1;
      state.n_iter += 1;
      // if state["n_iter"] == 1: d = flat_grad.neg(); old_dirs = []; old_stps = []; ro = []; H_diag = 1
      if (state.n_iter === 1) {
        d = flat_grad.map((v) => -v);
        old_dirs = [];
        old_stps = [];
        ro = [];
        H_diag = 1;
      } else {
        // y = flat_grad.sub(prev_flat_grad); s = d.mul(t); ys = y.dot(s)
        const prev = prev_flat_grad ?? [];
        const y = flat_grad.map((v, i) => v - at(prev, i));
        const s = d.map((v) => v * t);
        const ys = dot(y, s);
        // if ys > 1e-10:
        if (ys > 1e-10) {
          // if len(old_dirs) == history_size: old_dirs.pop(0); old_stps.pop(0); ro.pop(0)
          if (old_dirs.length === history_size) {
            old_dirs.shift();
            old_stps.shift();
            ro.shift();
          }
          // old_dirs.append(y); old_stps.append(s); ro.append(1.0 / ys)
          old_dirs.push(y);
          old_stps.push(s);
          ro.push(1.0 / ys);
          // H_diag = ys / y.dot(y)
          H_diag = ys / dot(y, y);
        }
        // num_old = len(old_dirs)
        const num_old = old_dirs.length;
        const al: number[] = new Array<number>(history_size).fill(NaN);
        // q = flat_grad.neg()
        const q = flat_grad.map((v) => -v);
        // for i in range(num_old - 1, -1, -1):
        for (let i = num_old - 1; i > -1; i--) {
          // al[i] = old_stps[i].dot(q) * ro[i]
          al[i] = dot(old_stps[i] ?? [], q) * at(ro, i);
          // q.add_(old_dirs[i], alpha=-al[i])
          const yi = old_dirs[i] ?? [];
          for (let j = 0; j < q.length; j++) q[j] = at(q, j) + -at(al, i) * at(yi, j);
        }
        // d = r = torch.mul(q, H_diag)
        const r = q.map((v) => v * H_diag);
        // for i in range(num_old):
        for (let i = 0; i < num_old; i++) {
          // be_i = old_dirs[i].dot(r) * ro[i]
          const be_i = dot(old_dirs[i] ?? [], r) * at(ro, i);
          // r.add_(old_stps[i], alpha=al[i] - be_i)
          const si = old_stps[i] ?? [];
          const alpha = at(al, i) - be_i;
          for (let j = 0; j < r.length; j++) r[j] = at(r, j) + alpha * at(si, j);
        }
        d = r;
      }
      // prev_flat_grad = flat_grad.clone() / prev_flat_grad.copy_(flat_grad)
      prev_flat_grad = [...flat_grad];
      // prev_loss = loss
      prev_loss = loss;

      // t = min(1.0, 1.0 / flat_grad.abs().sum()) * lr if state["n_iter"] == 1 else lr
      t = state.n_iter === 1 ? Math.min(1.0, 1.0 / absSum(flat_grad)) * lr : lr;
      // gtd = flat_grad.dot(d)
      const gtd = dot(flat_grad, d);
      // if gtd > -tolerance_change: break
      if (gtd > -tolerance_change) break;

      // ls_func_evals = 0
      let ls_func_evals = 0;
      if (line_search_fn !== null) {
        // x_init = self._clone_param()
        const x_init = this._clone_param();
        // def obj_func(x, t, d): return self._directional_evaluate(closure, x, t, d)
        const obj_func: ObjFunc = (x, tt, dd) => this._directional_evaluate(x, tt, dd);
        // loss, flat_grad, t, ls_func_evals = _strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd)
        [loss, flat_grad, t, ls_func_evals] = strongWolfeRef(obj_func, x_init, t, d, loss, flat_grad, gtd);
        // self._add_grad(t, d); opt_cond = flat_grad.abs().max() <= tolerance_grad
        this._add_grad(t, d);
        opt_cond = absMax(flat_grad) <= tolerance_grad;
      } else {
        // self._add_grad(t, d)
        this._add_grad(t, d);
        // if n_iter != max_iter: loss = float(closure()); flat_grad = ...; opt_cond = ...; ls_func_evals = 1
        if (n_iter !== max_iter) {
          loss = this.closure();
          flat_grad = this._gather_flat_grad();
          opt_cond = absMax(flat_grad) <= tolerance_grad;
          ls_func_evals = 1;
        }
      }
      // current_evals += ls_func_evals; state["func_evals"] += ls_func_evals
      current_evals += ls_func_evals;
      state.func_evals += ls_func_evals;

      // if n_iter == max_iter: break
      if (n_iter === max_iter) break;
      // if current_evals >= max_eval: break
      if (current_evals >= max_eval) break;
      // if opt_cond: break
      if (opt_cond) break;
      // if d.mul(t).abs().max() <= tolerance_change: break
      if (absMax(d.map((v) => v * t)) <= tolerance_change) break;
      // if abs(loss - prev_loss) < tolerance_change: break
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }
    // state["d"] = d; state["t"] = t; ... state["prev_loss"] = prev_loss
    state.d = d;
    state.t = t;
    state.old_dirs = old_dirs;
    state.old_stps = old_stps;
    state.ro = ro;
    state.H_diag = H_diag;
    if (prev_flat_grad !== undefined) state.prev_flat_grad = prev_flat_grad;
    state.prev_loss = prev_loss;
    return orig_loss;
  }
}
