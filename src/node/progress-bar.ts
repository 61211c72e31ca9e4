/**
 * A terminal progress bar for long fits (cli-progress): epoch, step, loss and learning rate, as the callbacks
 * `fit` and `fitSteps` call. By default it shows only when stdout is a terminal and CI is unset; when it does
 * not show, it returns no callbacks, so no step pays for it.
 */
import { SingleBar } from 'cli-progress';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { checkOptions } from '../data/arguments.js';
import type { FitCallbacks } from '../train/fit.js';

/** Options of `progressBar`. */
export interface ProgressBarOptions {
  /** true: always show; false: never; 'auto' (default): when stdout is a TTY and the CI variable is unset. */
  readonly show?: boolean | 'auto';
}

const progressKeys: KeySet<ProgressBarOptions> = { show: true };

const formatLr = (lr: number | undefined): string => (lr === undefined ? '-' : lr.toPrecision(3));

/**
 * progressBar(options?): fit callbacks (onStep, onEnd) that draw a terminal bar over the fit's planned steps,
 * or none when it is off. Spread them into fit's options.
 * @example
 * const data = dataset(tensor([[1], [2], [3]]), tensor([2, 4, 6]));
 * const loss = (p: { w: Tensor }, b: Batch) => mse(mul(b.x, p.w), expandDims(b.y, { axis: -1 }));
 * fit({ loss, params: { w: 0 }, optimizer: sgd({ lr: 0.05 }), data, epochs: 20, batchSize: 'full', ...progressBar() });
 */
export const progressBar = (options: ProgressBarOptions = {}): FitCallbacks => {
  checkOptions('progressBar', options, progressKeys);
  const show = options.show ?? 'auto';
  if (show !== true && show !== false && show !== 'auto')
    throw new ArgumentError('progressBar', `show: expected true, false or 'auto', got ${describeValue(show)}`);
  const on = show === 'auto' ? process.stdout.isTTY === true && process.env['CI'] === undefined : show;
  if (!on) return {};
  let bar: SingleBar | undefined;
  return {
    onStep: (m, plan) => {
      if (bar === undefined) {
        bar = new SingleBar({
          format: 'epoch {epoch}/{epochs} |{bar}| step {value}/{total} | loss {loss} | lr {lr}',
          hideCursor: true,
          etaBuffer: 50,
        });
        bar.start(plan.totalSteps, plan.startStep, { epoch: 0, epochs: plan.epochs, loss: '-', lr: '-' });
      }
      bar.update(m.step + 1, {
        epoch: m.epoch + 1,
        epochs: plan.epochs,
        loss: m.loss.toExponential(3),
        lr: formatLr(m.learningRate),
      });
    },
    onEnd: () => {
      bar?.stop();
      bar = undefined;
    },
  };
};
