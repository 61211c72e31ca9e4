/** The progress bar is off unless asked for or stdout is a terminal, and then costs nothing per step. */
import { describe, expect, it } from 'vitest';
import { makeProgress } from '../../src/train/progress.ts';

describe('progress', () => {
  it('is not created when off, or on auto without a TTY (as under the test runner)', () => {
    expect(makeProgress(false, 100, 0)).toBeNull();
    // vitest runs tests in workers whose stdout is a pipe, never a TTY.
    expect(makeProgress('auto', 100, 0)).toBeNull();
  });
  it('when on, takes steps and stops', () => {
    const p = makeProgress(true, 2, 0);
    expect(p).not.toBeNull();
    p?.step({ loss: 1, gradNorm: 1, learningRate: 0.1, epoch: 0, step: 0 }, 1);
    p?.stop();
  });
});
