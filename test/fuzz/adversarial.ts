/**
 * Adversarial JavaScript values, as a caller without a type checker may pass them: wrong kinds, NaN, ±Infinity,
 * −0, empty and ragged arrays, huge sizes, cyclic objects, unknown keys, class instances, callbacks that throw
 * or return nonsense, next to a few well-formed values so that calls get past their first argument.
 */
import fc from 'fast-check';
import { key, scalar, sum, tensor } from '../../src/index.ts';

/** What a callback made by the fuzzer throws: an error of the caller's own, which gradfold must let through. */
export class CallerError extends Error {
  /** A CallerError (the fuzzer's own callbacks throw it on purpose). */
  constructor() {
    super('the caller’s own callback threw');
    this.name = 'CallerError';
  }
}

/** An object that contains itself. */
const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { w: 1 };
  o['self'] = o;
  return o;
};

/** A class whose instances are not plain records. */
class Model {
  /** A tensor field, as a user's class might hold. */
  readonly w = tensor([1, 2]);
}

/** Well-formed values of the kinds gradfold's functions take. */
const wellFormed: readonly (() => unknown)[] = [
  () => tensor([1, 2]),
  () =>
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float32' },
    ),
  () => scalar(0.5),
  () => 1,
  () => 0,
  () => 2,
  () => 0.1,
  () => [2, 3],
  () => [2],
  () => ({ w: tensor([0.5, -1]), b: 0 }),
  () => ({ lr: 0.1 }),
  () => ({ axis: 0 }),
  () => key(1),
  () => 'float32',
  () => 'full',
  () => (x: unknown) => x,
  () => (x: Parameters<typeof sum>[0]) => sum(x),
];

/** Values no function of gradfold accepts where it wants a tensor, a number, a shape or options. */
const adversarial: readonly (() => unknown)[] = [
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => -0,
  () => 2.5,
  () => -1,
  () => 1e12,
  () => Number.MAX_SAFE_INTEGER,
  () => '',
  () => 'abc',
  () => '1',
  () => null,
  () => undefined,
  () => true,
  () => 10n,
  () => [],
  () => [[]],
  () => [[1], [2, 3]],
  () => ['a'],
  () => [NaN, Infinity],
  () => [1e9, 1e9],
  () => [-1],
  () => [2.5],
  () => ({}),
  () => ({ bogus: 1 }),
  () => ({ lr: -1, learningRate: 0.5 }),
  () => cyclic(),
  () => new Model(),
  () => new Map([[1, 2]]),
  () => new Date(0),
  () => new Float32Array([1, 2]),
  () => () => {
    throw new CallerError();
  },
  () => () => 'not a tensor',
  () => () => undefined,
];

/** One argument: well-formed about a third of the time, adversarial otherwise. */
export const argumentArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...wellFormed).map((make) => make()) },
  { weight: 2, arbitrary: fc.constantFrom(...adversarial).map((make) => make()) },
);

/** An argument list of 0 to 4 arguments. */
export const argumentsArb: fc.Arbitrary<readonly unknown[]> = fc.array(argumentArb, { minLength: 0, maxLength: 4 });
