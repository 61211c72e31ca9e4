/**
 * One row per registered optimizer: the configs the registry test list runs it with, the bounds of its
 * convergence, and its PyTorch reference (or why PyTorch has none). The `satisfies` clause makes a registry entry
 * without a row a compile error, so every optimizer added to the registry is run through the whole list.
 */
import type { OptimizerConfig, OptimizerName } from '../../src/optim/index.ts';
import { type Reference, refAdagrad, refAdam, refEmaMomentum, refRmsprop, refSgd } from './reference.ts';
import { refAdafactor } from './reference-light.ts';

/** One problem's run: the config (a learning rate fit for the problem), the steps, and the bound on the final loss. */
export interface Run {
  readonly config: OptimizerConfig;
  readonly steps: number;
  readonly below: number;
}

/** A registered optimizer's row. */
export interface Row {
  /** The bowl (start loss ≈ 175, one tensor leaf of 3). */
  readonly bowl: Run;
  /** Rosenbrock from (−1.5, 2) (start loss 12.5, two number leaves). */
  readonly rosen: Run;
  /** The hand-written torch.optim loops for the two configs, or why PyTorch has no such optimizer. */
  readonly torch: { readonly bowl: Reference; readonly rosen: Reference } | string;
}

export const rows = {
  sgd: {
    bowl: { config: { name: 'sgd', lr: 0.04 }, steps: 300, below: 1e-10 },
    rosen: { config: { name: 'sgd', lr: 1e-3, momentum: 0.5 }, steps: 10000, below: 1e-4 },
    torch: { bowl: refSgd({ lr: 0.04 }), rosen: refSgd({ lr: 1e-3, momentum: 0.5 }) },
  },
  momentum: {
    bowl: { config: { name: 'momentum', lr: 0.01, nesterov: true }, steps: 300, below: 1e-8 },
    rosen: { config: { name: 'momentum', lr: 1e-4, momentum: 0.9 }, steps: 10000, below: 1e-3 },
    torch: { bowl: refSgd({ lr: 0.01, momentum: 0.9, nesterov: true }), rosen: refSgd({ lr: 1e-4, momentum: 0.9 }) },
  },
  emaMomentum: {
    bowl: { config: { name: 'emaMomentum', lr: 0.04, biasCorrection: true }, steps: 400, below: 1e-8 },
    rosen: { config: { name: 'emaMomentum', lr: 1e-3 }, steps: 10000, below: 1e-3 },
    torch: {
      bowl: refEmaMomentum({ lr: 0.04, momentum: 0.9, biasCorrection: true }),
      rosen: refEmaMomentum({ lr: 1e-3, momentum: 0.9 }),
    },
  },
  rmsprop: {
    bowl: { config: { name: 'rmsprop', lr: 0.01, centered: true }, steps: 2000, below: 1e-6 },
    rosen: { config: { name: 'rmsprop', lr: 1e-3, alpha: 0.9 }, steps: 10000, below: 1e-3 },
    torch: {
      bowl: refRmsprop({ lr: 0.01, alpha: 0.99, eps: 1e-8, centered: true }),
      rosen: refRmsprop({ lr: 1e-3, alpha: 0.9, eps: 1e-8 }),
    },
  },
  adam: {
    bowl: { config: { name: 'adam', lr: 0.1 }, steps: 1000, below: 1e-8 },
    rosen: { config: { name: 'adam', lr: 0.02, amsgrad: true }, steps: 10000, below: 1e-4 },
    torch: {
      bowl: refAdam({ lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }),
      rosen: refAdam({ lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: true }),
    },
  },
  adamw: {
    bowl: { config: { name: 'adamw', lr: 0.1, weightDecay: 1e-4 }, steps: 1000, below: 1e-4 },
    rosen: { config: { name: 'adamw', lr: 0.02, weightDecay: 1e-4 }, steps: 10000, below: 1e-3 },
    torch: {
      bowl: refAdam({ lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, decoupled: true }),
      rosen: refAdam({ lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, decoupled: true }),
    },
  },
  adagrad: {
    bowl: { config: { name: 'adagrad', lr: 1 }, steps: 1000, below: 1e-8 },
    rosen: { config: { name: 'adagrad', lr: 0.5, lrDecay: 1e-5 }, steps: 10000, below: 1e-3 },
    torch: { bowl: refAdagrad({ lr: 1 }), rosen: refAdagrad({ lr: 0.5, lrDecay: 1e-5 }) },
  },
  lion: {
    bowl: { config: { name: 'lion', lr: 0.01 }, steps: 1000, below: 1e-8 },
    rosen: { config: { name: 'lion', lr: 1e-3 }, steps: 10000, below: 1e-6 },
    torch: 'PyTorch has no Lion (the registry test checks the paper’s equations in lion-adafactor.test.ts)',
  },
  adafactor: {
    bowl: { config: { name: 'adafactor', lr: 0.05 }, steps: 2000, below: 1e-8 },
    // the relative step ρₜ = 1/√t (past t = 1/γ²) slows it down the valley: 12.5 → 0.021 in 10000 steps
    rosen: { config: { name: 'adafactor', lr: 0.2 }, steps: 10000, below: 0.03 },
    torch: { bowl: refAdafactor({ lr: 0.05 }, [[3]]), rosen: refAdafactor({ lr: 0.2 }, [[], []]) },
  },
} satisfies { readonly [N in OptimizerName]: Row };
