/**
 * The io-ts pieces the optimizer registry is built from: number codecs made from the ranges of ranges.ts (one
 * definition per range for constructors and configs), and `entry`, which pairs an alias with the codec of its
 * config. Only `registry.ts` lists the optimizers.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatErrors } from './config-report.js';
import type { GradientTransformation } from './transformation.js';
import {
  type Range,
  atLeastOne,
  closedUnitInterval,
  nonNegative,
  nonPositive,
  positive,
  unitInterval,
} from './ranges.js';

/** A number codec accepting exactly the numbers of `range` (ranges.ts: one definition for constructors and configs). */
const numberIn = (range: Range): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    range.name,
    (u): u is number => typeof u === 'number' && range.ok(u),
    (u, c) => (typeof u === 'number' && range.ok(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

/** A finite number ≥ 0 (learning rates, weight decay, momentum, lr decay, initial accumulator). */
export const NonNegative = numberIn(nonNegative);
/** A finite number > 0 (eps). */
export const Positive = numberIn(positive);
/** A number in [0, 1) (betas and decay rates). */
export const UnitInterval = numberIn(unitInterval);
/** A number in [0, 1] (dampening). */
export const ClosedUnitInterval = numberIn(closedUnitInterval);
/** A finite number ≤ 0 (Adafactor's decay exponent of β̂₂). */
export const NonPositive = numberIn(nonPositive);
/** A finite number ≥ 1 (Adafactor's clipping threshold d). */
export const AtLeastOne = numberIn(atLeastOne);

/** The codec of one alias's config: `{ name: N }` and its optional hyperparameters `F`. */
export type NamedCodec<N extends string, F extends t.Props> = t.IntersectionC<
  [t.TypeC<{ name: t.LiteralC<N> }>, t.PartialC<F>]
>;

/** The hyperparameters a config of fields F holds (every one optional): what the alias is built from. */
export type Hyperparameters<F extends t.Props> = t.TypeOf<t.PartialC<F>>;

/** The decoded config of one alias: its name N and hyperparameters F. */
export type NamedConfig<N extends string, F extends t.Props> = t.TypeOf<NamedCodec<N, F>>;

/** One optimizer of the registry: its config's codec, the alias it builds, and the rules tying fields together. */
export interface RegistryEntry<N extends string, F extends t.Props, K> {
  /** The codec of `{ name: N, ...hyperparameters }`. */
  readonly codec: NamedCodec<N, F>;
  /** The hyperparameter names a config may hold (besides `name`), in the alias's order. */
  readonly fields: readonly string[];
  /** The config decoded and checked (the codec, then the rules tying fields together), or the report lines. */
  readonly decode: (json: unknown) => E.Either<readonly string[], NamedConfig<N, F>>;
  /** The alias, built from a config (PyTorch's defaults for the hyperparameters it leaves out). */
  readonly build: (config: NamedConfig<N, F>) => GradientTransformation<K>;
}

/**
 * A config's hyperparameters: the config without its `name` (the aliases refuse keys they do not know). The
 * overload restates the type: the codec's second part holds every field but `name`.
 */
function hyperparametersOf<F extends t.Props>(
  config: { readonly name: string } & Hyperparameters<F>,
): Hyperparameters<F>;
function hyperparametersOf(config: Readonly<Record<string, unknown>>): unknown {
  return Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'name'));
}

/**
 * entry(name, fields, build, problems?): the registry entry of the alias `build` named `name`, whose config holds
 * the hyperparameters `fields` (each an io-ts codec, with the doc comment of the option); `problems` reports
 * the rules that tie fields together as lines `field: problem`. The compiler checks that every config `fields`
 * admits is an options argument `build` takes.
 */
export const entry = <N extends string, F extends t.Props, K>(
  name: N,
  fields: F,
  build: (hyperparameters: Hyperparameters<F>) => GradientTransformation<K>,
  problems: (hyperparameters: Hyperparameters<F>) => readonly string[] = () => [],
): RegistryEntry<N, F, K> => {
  const codec: NamedCodec<N, F> = t.intersection([t.type({ name: t.literal(name) }), t.partial(fields)]);
  return {
    codec,
    fields: Object.keys(fields),
    decode: (json) => {
      const decoded = codec.decode(json);
      if (E.isLeft(decoded)) return E.left([formatErrors(decoded.left)]);
      const lines = problems(decoded.right);
      return lines.length > 0 ? E.left(lines) : E.right(decoded.right);
    },
    build: (config) => build(hyperparametersOf<F>(config)),
  };
};
