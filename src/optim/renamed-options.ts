/**
 * The hyperparameters that changed name when optim settled on one name per hyperparameter (PyTorch's where
 * PyTorch has one): `momentum` for every momentum coefficient, `alpha` for RMSProp's smoothing constant,
 * `biasCorrection` for dividing by 1 − βᵗ, `lr` for the learning rate. An old key is refused with its new name
 * (by `checkOptions` for a call, by `decodeOptimizerConfig` for a config), never silently ignored.
 */

/** `renamed "momentum": …`: the hint for an old key, as refuseUnknownKeys prints it after the key. */
const renamedTo = (where: string, key: string, example: string): string => `renamed "${key}": ${where}({ ${example} })`;

/** learningRate is refused everywhere an `lr` is taken. */
const lrMoved = (where: string): Readonly<Record<string, string>> => ({
  learningRate: renamedTo(where, 'lr', 'lr: 1e-3'),
});

/**
 * movedOptions(where): the old option keys of function `where`, each mapped to the hint naming the new key
 * (`momentum: unknown option "beta" (renamed "momentum": momentum({ momentum: 0.9 }))`). Empty for functions
 * that renamed nothing.
 */
export const movedOptions = (where: string): Readonly<Record<string, string>> => {
  switch (where) {
    case 'momentum':
      return { ...lrMoved(where), beta: renamedTo(where, 'momentum', 'momentum: 0.9') };
    case 'emaMomentum':
      return {
        ...lrMoved(where),
        beta: renamedTo(where, 'momentum', 'momentum: 0.9'),
        debias: renamedTo(where, 'biasCorrection', 'biasCorrection: true'),
      };
    case 'trace':
      return { decay: renamedTo(where, 'momentum', 'momentum: 0.9') };
    case 'ema':
      return {
        decay: renamedTo(where, 'momentum', 'momentum: 0.9'),
        debias: renamedTo(where, 'biasCorrection', 'biasCorrection: true'),
      };
    case 'scaleByRms':
      return { decay: renamedTo(where, 'alpha', 'alpha: 0.99') };
    case 'sgd':
    case 'rmsprop':
    case 'adam':
    case 'adamw':
    case 'adagrad':
    case 'lion':
    case 'adafactor':
      return lrMoved(where);
    default:
      return {};
  }
};
