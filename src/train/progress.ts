/**
 * A terminal progress bar for long fits (cli-progress): epoch, step, loss and learning rate. It is shown only
 * when asked for, or by default ('auto') when stdout is a TTY; when off, nothing is created and no step
 * pays for it.
 */
import { SingleBar } from 'cli-progress';
import type { StepMetrics } from './step.ts';

/** Progress display: on, off, or on when stdout is a terminal. */
export type ProgressOption = boolean | 'auto';

/** What the fold calls on a progress display. */
export interface Progress {
  step(m: StepMetrics, epochs: number): void;
  stop(): void;
}

const formatLr = (lr: number | undefined): string => (lr === undefined ? '-' : lr.toPrecision(3));

/** A progress display over `totalSteps` steps, or null when it is off. */
export const makeProgress = (option: ProgressOption, totalSteps: number, startStep: number): Progress | null => {
  const on = option === 'auto' ? process.stdout.isTTY === true && process.env['CI'] === undefined : option;
  if (!on) return null;
  const bar = new SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| step {value}/{total} | loss {loss} | lr {lr}',
    hideCursor: true,
    etaBuffer: 50,
  });
  bar.start(totalSteps, startStep, { epoch: 0, epochs: 0, loss: '-', lr: '-' });
  return {
    step: (m, epochs) => bar.update(m.step + 1, { epoch: m.epoch + 1, epochs, loss: m.loss.toExponential(3), lr: formatLr(m.learningRate) }),
    stop: () => bar.stop(),
  };
};
