/**
 * A reference for the L-BFGS parity tests: a line-by-line transcription of torch.optim.LBFGS from PyTorch's
 * torch/optim/lbfgs.py (`LBFGS.step`, `_directional_evaluate`, `_add_grad`; `_strong_wolfe` and
 * `_cubic_interpolate` in torch-strong-wolfe.ts) over plain JavaScript number arrays, with the problem's
 * hand-written value and gradient in the closure's place. It shares no code with src/solve: it mutates its
 * parameters in place as torch does, keeps torch's `state` dict as a record, and its comments quote the Python line
 * each statement stands for.
 */
import { type ObjFunc, absMax, absSum, at, dot, strongWolfeRef } from './torch-strong-wolfe.ts';

export { type ObjFunc, cubicInterpolateRef, strongWolfeRef } from './torch-strong-wolfe.ts';

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
