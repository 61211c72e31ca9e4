/** The README's custom chain, run: Adam with clipping, masked weight decay, a cosine schedule, a NaN guard. */
import { describe, expect, it } from 'vitest';
import { type Tensor, add, grad, mean, mul, square, sub, sum, tensor } from '../../src/index.ts';
import {
  addDecayedWeights,
  applyIfFinite,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  cosineDecay,
  currentLearningRate,
  masked,
  scaleByAdam,
  scaleByLearningRate,
} from '../../src/optim/index.ts';

interface Model {
  readonly layer: { readonly w: Tensor; readonly b: Tensor };
}
const xs = tensor([-1, -0.5, 0, 0.5, 1]);
const ys = tensor([-1, 0, 1, 2, 3]); // y = 2x + 1
const loss = (p: Model): Tensor => mean(square(sub(add(mul(sum(p.layer.w), xs), sum(p.layer.b)), ys)));

describe('the README example', () => {
  it('fits a line with the custom chain and reports the scheduled rate', () => {
    const opt = applyIfFinite(
      chain(
        clipByGlobalNorm(1),
        scaleByAdam({ beta1: 0.9, beta2: 0.999 }),
        masked((path) => !path.endsWith('.b'), addDecayedWeights(1e-4)),
        scaleByLearningRate(cosineDecay({ init: 5e-2, decaySteps: 1000 })),
      ),
    );
    let params: Model = { layer: { w: tensor([0]), b: tensor([0]) } };
    let state = opt.init(params);
    for (let t = 0; t < 1000; t++) {
      const [updates, next] = opt.update(grad(loss)(params), state, params);
      params = applyUpdates(params, updates);
      state = next;
    }
    expect(loss(params).data[0]).toBeLessThan(1e-4);
    expect(params.layer.w.data[0]).toBeCloseTo(2, 2);
    expect(params.layer.b.data[0]).toBeCloseTo(1, 2);
    expect(currentLearningRate(state)).toBe(0);
    expect(state.skipped).toBe(0);
  });
});
