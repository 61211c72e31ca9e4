/**
 * io-ts codecs for every alias's hyperparameters, so that a config file can choose and tune the optimizer.
 * `decodeOptimizerConfig(json)` returns an fp-ts Either: Right(config), or Left(report) with one line per
 * problem naming the field, what it must be and what it got. The codecs come from the registry (registry.ts).
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatErrors, show } from './config-report.js';
import {
  type OptimizerConfig,
  type OptimizerName,
  isOptimizerName,
  optimizerNames,
  registry,
  registryEntries,
} from './registry.js';
import { movedOptions } from './renamed-options.js';

/** sgd's hyperparameters: `{ name: 'sgd', lr?, momentum?, dampening?, nesterov?, weightDecay? }`. */
export const SgdConfig = registryEntries.sgd.codec;
/** momentum's (heavy-ball form): `{ name: 'momentum', lr?, momentum?, dampening?, nesterov?, weightDecay? }`. */
export const MomentumConfig = registryEntries.momentum.codec;
/** emaMomentum's: `{ name: 'emaMomentum', lr?, momentum?, biasCorrection? }`. */
export const EmaMomentumConfig = registryEntries.emaMomentum.codec;
/** rmsprop's: `{ name: 'rmsprop', lr?, alpha?, eps?, weightDecay?, momentum?, centered?, epsInsideSqrt? }`. */
export const RmspropConfig = registryEntries.rmsprop.codec;
/** adam's: `{ name: 'adam', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
export const AdamConfig = registryEntries.adam.codec;
/** adamw's: `{ name: 'adamw', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
export const AdamwConfig = registryEntries.adamw.codec;
/** adagrad's: `{ name: 'adagrad', lr?, lrDecay?, weightDecay?, initialAccumulator?, eps? }`. */
export const AdagradConfig = registryEntries.adagrad.codec;
/** lion's: `{ name: 'lion', lr?, beta1?, beta2?, weightDecay? }`. */
export const LionConfig = registryEntries.lion.codec;
/** adafactor's: `{ name: 'adafactor', lr?, beta2Decay?, eps1?, eps2?, d?, weightDecay?, maximize? }`. */
export const AdafactorConfig = registryEntries.adafactor.codec;

export { type OptimizerConfig, type OptimizerName, optimizerNames };
export { formatErrors };

/** `beta: unknown field for momentum (renamed "momentum": …)`, or the list of the fields it may hold. */
const unknownField = (name: OptimizerName, key: string): string => {
  const hint = movedOptions(name)[key] ?? `expected one of ${registry[name].fields.join(', ')}`;
  return `${key}: unknown field for ${name}; ${hint}`;
};

/**
 * decodeOptimizerConfig(json): Right(config) when json names an optimizer (`name`) and every hyperparameter is
 * valid (lr ≥ 0, betas in [0, 1), eps > 0, …; no unknown fields); otherwise Left(report).
 *
 * @example
 * decodeOptimizerConfig({ name: 'adam', lr: -1 }) // Left('lr: expected a finite number ≥ 0, got -1')
 */
export const decodeOptimizerConfig = (json: unknown): E.Either<string, OptimizerConfig> => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return E.left(`config: expected an object with a "name" field, got ${show(json)}`);
  }
  const name: unknown = 'name' in json ? json.name : undefined;
  if (!isOptimizerName(name)) {
    return E.left(`name: unknown optimizer ${show(name)}; expected one of ${optimizerNames.join(', ')}`);
  }
  const known = registry[name].fields;
  const unknown = Object.keys(json).filter((k) => k !== 'name' && !known.includes(k));
  const decoded = registry[name].decode(json);
  const problems = [...unknown.map((k) => unknownField(name, k)), ...(E.isLeft(decoded) ? decoded.left : [])];
  if (problems.length > 0 || E.isLeft(decoded)) return E.left(problems.join('\n'));
  return E.right(decoded.right);
};
