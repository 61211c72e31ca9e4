/**
 * Testing your own differentiable code with gradfold's checker and fast-check generators.
 *
 * Suppose your project defines two activations: `mish`, composed from gradfold ops, and `logCosh`, computed by
 * a stable formula with a derivative you supply yourself through `customVjp`. The properties below are what a
 * test file of yours would assert (each `fc.assert` throws on a counterexample, as in any test runner):
 *
 *  1. mish's first and second derivatives agree with finite differences on random tensors;
 *  2. logCosh's hand-written rule, d/dx log cosh x = tanh x, agrees with finite differences (both orders);
 *  3. the checker catches a wrong rule: the tutorial gradient of scenario 1, Σ(w·xᵢ − yᵢ)·w instead of
 *     Σ(w·xᵢ − yᵢ)·xᵢ, is refused with a GradCheckError for every w away from where the two agree
 *     (w = 1 and w = Σxᵢ²/Σxᵢ ≈ 0.1377).
 */
import fc from 'fast-check';
import {
  type Tensor,
  GradCheckError,
  abs,
  add,
  checkGrads,
  customVjp,
  exp,
  log1p,
  mul,
  softplus,
  square,
  sub,
  sum,
  tanh,
  tensor,
} from 'gradfold';
import { tensorArb, valueArb } from 'gradfold/testing';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

// Your code under test.
/** mish(x) = x · tanh(softplus(x)). */
const mish = (x: Tensor): Tensor => mul(x, tanh(softplus(x)));
/** logCosh(x) = |x| + log(1 + e^(−2|x|)) − log 2, with the rule ∂/∂x = ḡ · tanh(x). */
const logCosh = customVjp(
  (x: Tensor) => sub(add(abs(x), log1p(exp(mul(-2, abs(x))))), Math.LN2),
  (g, [x]) => [mul(g, tanh(x))],
);

// The scenario-1 cost with the tutorial's hand-derived gradient wired in as its rule (wrong on purpose).
const xs = tensor([0.18, 0.1, 0.16, 0.08, 0.09, 0.11, 0.12, 0.17, 0.15, 0.14, 0.13]);
const tutorialCost = customVjp(
  (w: Tensor) => mul(0.5, sum(square(sub(mul(w, xs), xs)))),
  (g, [w]) => [mul(g, sum(mul(sub(mul(w, xs), xs), w)))],
);

/** Key results (printed by --json). */
export type GradientCheckResults = {
  readonly propertiesPassed: number;
  readonly runsEach: number;
  readonly wrongRuleCaught: boolean;
  readonly wrongRuleMessage: string;
};

/** Runs the three properties (20 random cases each in quick mode, 100 otherwise). */
export const run = (o: ExampleOptions = {}): ExampleResult<GradientCheckResults> => {
  const log = o.log ?? (() => undefined);
  const numRuns = o.quick === true ? 20 : 100;
  const shape = fc.constantFrom([3], [2, 2], [1, 4]);
  let passed = 0;

  fc.assert(
    fc.property(
      shape.chain((s) => tensorArb(s, { min: -4, max: 4 })),
      (x) => {
        checkGrads((v: Tensor) => sum(mish(v)), x, { order: 2 });
      },
    ),
    { numRuns, seed: 1 },
  );
  passed += 1;
  log(`1. mish: first and second derivatives agree with finite differences (${numRuns} random tensors)`);

  fc.assert(
    fc.property(
      shape.chain((s) => tensorArb(s, { min: -5, max: 5 })),
      (x) => {
        checkGrads((v: Tensor) => sum(logCosh(v)), x, { order: 2 });
      },
    ),
    { numRuns, seed: 2 },
  );
  passed += 1;
  log(`2. logCosh: the custom rule tanh(x) agrees with finite differences (${numRuns} random tensors)`);

  /** The first line of the checker's complaint about the tutorial's rule at w, or '' if it has none. */
  const complaint = (w: number): string => {
    try {
      checkGrads((v: Tensor) => tutorialCost(v), w);
      return '';
    } catch (e) {
      if (!(e instanceof GradCheckError)) throw e;
      return e.message.split('\n')[0] ?? '';
    }
  };
  fc.assert(
    fc.property(valueArb({ min: -5, max: 5, awayFrom: [0.1377, 1], margin: 0.1 }), (w) => complaint(w) !== ''),
    { numRuns, seed: 3 },
  );
  passed += 1;
  const message = complaint(10);
  log(`3. the tutorial's rule Σ(wx − y)·w is refused for every w tried; at w = 10: "${message}"`);
  return {
    results: {
      propertiesPassed: passed,
      runsEach: numRuns,
      wrongRuleCaught: message !== '',
      wrongRuleMessage: message,
    },
    summary: { result: `${passed}/3 properties, ${numRuns} cases each`, loss: NaN },
    charts: [],
  };
};

main(import.meta.url, 'gradient-check', run);
