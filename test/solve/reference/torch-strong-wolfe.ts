/**
 * The line search of the L-BFGS reference: a line-by-line transcription of `_cubic_interpolate` and
 * `_strong_wolfe` from PyTorch's torch/optim/lbfgs.py over plain number arrays (see torch-lbfgs.ts), each
 * statement under a comment quoting the Python it stands for. It shares no code with src/solve.
 */

export const dot = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? NaN) * (b[i] ?? NaN);
  return s;
};
export const absMax = (a: readonly number[]): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
export const absSum = (a: readonly number[]): number => a.reduce((s, v) => s + Math.abs(v), 0);
export const at = (a: readonly number[], i: number): number => a[i] ?? NaN;

// def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
export function cubicInterpolateRef(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
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
export function strongWolfeRef(
  obj_func: ObjFunc,
  x: readonly number[],
  t: number,
  d: readonly number[],
  f: number,
  g0: readonly number[],
  gtd: number,
): [number, number[], number, number] {
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
    t = cubicInterpolateRef(
      at(bracket, 0),
      at(bracket_f, 0),
      at(bracket_gtd, 0),
      at(bracket, 1),
      at(bracket_f, 1),
      at(bracket_gtd, 1),
    );
    // eps = 0.1 * (max(bracket) - min(bracket))
    const eps = 0.1 * (Math.max(...bracket) - Math.min(...bracket));
    // if min(max(bracket) - t, t - min(bracket)) < eps:
    if (Math.min(Math.max(...bracket) - t, t - Math.min(...bracket)) < eps) {
      // if insuf_progress or t >= max(bracket) or t <= min(bracket):
      if (insuf_progress || t >= Math.max(...bracket) || t <= Math.min(...bracket)) {
        // t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
        t =
          Math.abs(t - Math.max(...bracket)) < Math.abs(t - Math.min(...bracket))
            ? Math.max(...bracket) - eps
            : Math.min(...bracket) + eps;
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
