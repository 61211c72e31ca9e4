/** chain and identity form a monoid (checked on updates over random trees), and chain equals the manual loop. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '../../src/index.ts';
import { treeMap } from '../../src/core/tree.ts';
import {
  type GradientTransformation,
  addDecayedWeights,
  chain,
  clipByGlobalNorm,
  clipByValue,
  ema,
  identity,
  scale,
  scaleByAdagrad,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  trace,
} from '../../src/optim/index.ts';
import { flat } from './reference.ts';

type Params = { readonly [key: string]: number | Tensor | readonly (number | Tensor)[] };

const value = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const leaf = fc.oneof(
  value,
  fc.array(value, { minLength: 1, maxLength: 4 }).map((xs) => tensor(xs)),
);
const trees: fc.Arbitrary<Params> = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 3 }),
  fc.oneof(leaf, fc.array(leaf, { minLength: 1, maxLength: 3 })),
  { minKeys: 1, maxKeys: 4 },
);

/** A deterministic gradient for step t: a wiggle of the parameters. */
const gradAt = (p: Params, t: number) =>
  treeMap(p, (l) =>
    typeof l === 'number' ? Math.sin(l * (t + 1)) : tensor(Array.from(l.data, (x) => Math.sin(x * (t + 1)))),
  );

const pool: readonly GradientTransformation<unknown>[] = [
  scale(-0.5),
  scaleByAdam(),
  scaleByRms({ centered: true }),
  scaleByAdagrad(),
  trace({ momentum: 0.9, nesterov: true }),
  ema({ momentum: 0.8, biasCorrection: true }),
  clipByGlobalNorm(1),
  clipByValue(-0.3, 0.3),
  addDecayedWeights(0.1),
  scaleByLearningRate(0.1),
  identity,
];
const tx = fc.integer({ min: 0, max: pool.length - 1 }).map((i) => pool[i] ?? identity);

/** The updates `opt` produces over `steps` steps from p (the parameters held fixed), flattened. */
const updatesOf = <K>(opt: GradientTransformation<K>, p: Params, steps = 3): number[][] => {
  let s = opt.init(p);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const [u, s1] = opt.update(gradAt(p, t), s, p);
    out.push(flat(u));
    s = s1;
  }
  return out;
};

describe('chain and identity form a monoid', () => {
  it('associativity: chain(chain(a, b), c) = chain(a, chain(b, c)) = chain(a, b, c)', () => {
    fc.assert(
      fc.property(trees, tx, tx, tx, (p, a, b, c) => {
        const left = updatesOf(chain(chain(a, b), c), p);
        expect(updatesOf(chain(a, chain(b, c)), p)).toEqual(left);
        expect(updatesOf(chain(a, b, c), p)).toEqual(left);
      }),
      { numRuns: 60 },
    );
  });

  it('identity: chain(identity, a) = a = chain(a, identity), and chain() is the identity', () => {
    fc.assert(
      fc.property(trees, tx, (p, a) => {
        const alone = updatesOf(a, p);
        expect(updatesOf(chain(identity, a), p)).toEqual(alone);
        expect(updatesOf(chain(a, identity), p)).toEqual(alone);
        expect(updatesOf(chain(), p)).toEqual([0, 1, 2].map((t) => flat(gradAt(p, t))));
      }),
      { numRuns: 60 },
    );
  });

  it('chain(a, b) is the manual loop: b applied to a’s updates, states kept side by side', () => {
    fc.assert(
      fc.property(trees, tx, tx, (p, a, b) => {
        let sa = a.init(p);
        let sb = b.init(p);
        const manual: number[][] = [];
        for (let t = 0; t < 3; t++) {
          const [ua, sa1] = a.update(gradAt(p, t), sa, p);
          const [ub, sb1] = b.update(ua, sb, p);
          manual.push(flat(ub));
          sa = sa1;
          sb = sb1;
        }
        expect(updatesOf(chain(a, b), p)).toEqual(manual);
        const s = chain(a, b).init(p);
        expect(s).toEqual([a.init(p), b.init(p)]);
      }),
      { numRuns: 60 },
    );
  });

  it('a chain rejects a state of the wrong length', () => {
    const opt = chain(scale(1), scale(2));
    // @ts-expect-error the state's type says two parts, and the runtime checks it too
    expect(() => opt.update(1, [{}], 1)).toThrow(/2 parts/);
  });
});
