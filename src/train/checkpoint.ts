/**
 * Checkpoints as text: a run's carry and history encoded to a string, and decoded back through io-ts into the
 * structure of a template carry. A truncated, corrupted or mismatched text is refused with a Left naming the
 * problem. Pure and browser-safe (save the text to IndexedDB, a download, anywhere); `gradfold/node` writes it
 * to a file atomically.
 *
 * Format: a JSON envelope {format, version, sha256, payload} whose payload is the JSON text of {carry,
 * history}; tensors are {dtype, shape, data} with non-finite numbers and −0 written as "NaN", "Infinity",
 * "-Infinity", "-0". float64 and float32 values round-trip exactly (JSON numbers print the shortest exact form).
 */
import { sha256 as sha256Bytes } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { allocate } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { type RebuildResult, rebuildLike } from '../core/tree.js';
import { fromData, isTensor } from '../core/tensor.js';
import { report } from '../data/codecs.js';
import { type History, checkHistory } from './history.js';
import type { Carry } from './step.js';

/** What a checkpoint holds. */
export interface Checkpoint<P, S> {
  /** The run's state: parameters, optimizer state, key, step, epoch and batch (pass as `fit`'s `resume.carry`). */
  readonly carry: Carry<P, S>;
  /** The run's history up to that carry (pass as `fit`'s `resume.history`). */
  readonly history: History;
}

const FORMAT = 'gradfold-checkpoint';

const NumberToken = t.union([
  t.number,
  t.literal('NaN'),
  t.literal('Infinity'),
  t.literal('-Infinity'),
  t.literal('-0'),
]);
const NumberList = t.array(NumberToken);

/** A history as stored: five lists of numbers (non-finite ones as tokens). */
const StoredHistory = t.type({
  stepLoss: NumberList,
  gradNorm: NumberList,
  learningRate: NumberList,
  stepEpoch: NumberList,
  epochLoss: NumberList,
});

const Stored = t.type({ carry: t.unknown, history: StoredHistory });

const Envelope = t.type({ format: t.literal(FORMAT), version: t.literal(1), sha256: t.string, payload: t.string });

const EncodedTensor = t.type({
  dtype: t.union([t.literal('float64'), t.literal('float32')]),
  shape: t.array(t.number),
  data: t.array(NumberToken),
});

const encodeNumber = (v: number): number | string => (Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v));
const decodeNumber = (v: t.TypeOf<typeof NumberToken>): number => (typeof v === 'number' ? v : Number(v));

/** JSON.stringify replacer: tensors as {dtype, shape, data}, non-finite numbers as strings. */
const replacer = (_key: string, value: unknown): unknown => {
  if (isTensor(value)) return { dtype: value.dtype, shape: value.shape, data: Array.from(value.data, encodeNumber) };
  if (typeof value === 'number') return encodeNumber(value);
  return value;
};

/** The SHA-256 digest of a text's UTF-8 bytes, in hexadecimal (the same digest node:crypto gives). */
const sha256 = (text: string): string => bytesToHex(sha256Bytes(utf8ToBytes(text)));

/**
 * encodeCheckpoint(checkpoint): the checkpoint as one JSON text, {format, version, sha256, payload}, where
 * payload = JSON of {carry, history} and sha256 = SHA-256(payload). decodeCheckpoint reads it back exactly.
 * @example
 * const text = encodeCheckpoint({ carry: initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0)), history: emptyHistory });
 */
export const encodeCheckpoint = <P, S>(checkpoint: Checkpoint<P, S>): string => {
  if (typeof checkpoint !== 'object' || checkpoint === null || !('carry' in checkpoint) || !('history' in checkpoint)) {
    throw new ArgumentError(
      'encodeCheckpoint',
      `checkpoint: expected {carry, history}, got ${describeValue(checkpoint)}`,
    );
  }
  checkTemplate('encodeCheckpoint', checkpoint.carry);
  checkHistory('encodeCheckpoint', checkpoint.history);
  let payload: string;
  try {
    payload = JSON.stringify(checkpoint, replacer);
  } catch (e) {
    const what =
      e instanceof TypeError && /circular/i.test(e.message)
        ? 'it holds a cycle (a value that contains itself)'
        : 'it holds a value JSON cannot write (a BigInt?)';
    throw new ArgumentError('encodeCheckpoint', `checkpoint: cannot be encoded: ${what}`);
  }
  return JSON.stringify({ format: FORMAT, version: 1, sha256: sha256(payload), payload });
};

/** Reads one position of the template from the decoded JSON: tensors and numbers decoded, other values kept. */
const readLeaf = (template: unknown, value: unknown, path: string): RebuildResult<unknown> => {
  if (isTensor(template)) {
    const d = EncodedTensor.decode(value);
    if (E.isLeft(d)) return { ok: false, error: `${path}: ${report(d.left)}` };
    const { dtype, shape, data } = d.right;
    if (data.length !== shape.reduce((a, b) => a * b, 1))
      return { ok: false, error: `${path}: ${data.length} values for shape [${shape.join(',')}]` };
    const arr = allocate(dtype, data.length);
    data.forEach((v, i) => {
      arr[i] = decodeNumber(v);
    });
    const tensor = fromData(shape, arr);
    const same =
      tensor.dtype === template.dtype &&
      shape.length === template.shape.length &&
      shape.every((s, i) => s === template.shape[i]);
    return same
      ? { ok: true, value: tensor }
      : {
          ok: false,
          error:
            `${path}: a ${dtype} tensor of shape [${shape.join(',')}] ` +
            `where the run has ${template.dtype} [${template.shape.join(',')}]`,
        };
  }
  if (typeof template === 'number') {
    const d = NumberToken.decode(value);
    return E.isRight(d)
      ? { ok: true, value: decodeNumber(d.right) }
      : { ok: false, error: `${path}: expected a number, got ${JSON.stringify(value)}` };
  }
  return typeof value === typeof template
    ? { ok: true, value }
    : { ok: false, error: `${path}: expected a ${typeof template}, got ${JSON.stringify(value)}` };
};

const decodeList = (xs: t.TypeOf<typeof NumberList>): number[] => xs.map(decodeNumber);

const carryKeys = ['params', 'optState', 'key', 'step', 'epoch', 'batch'] as const;

/**
 * checkTemplate(where, template): the template is a carry (as `initCarry` makes): a record with params,
 * optState, key and a numeric step, epoch and batch; else an ArgumentError naming what is missing.
 */
export const checkTemplate = (where: string, template: unknown): void => {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new ArgumentError(
      where,
      `template: expected a carry (e.g. initCarry(params, optimizer, key)), got ${describeValue(template)}`,
    );
  }
  const missing = carryKeys.filter((k) => !(k in template));
  if (missing.length > 0)
    throw new ArgumentError(
      where,
      `template: expected a carry (e.g. initCarry(params, optimizer, key)), got ${describeValue(template)} ` +
        `(no ${missing.join(', ')})`,
    );
};

const checkArguments = (where: string, text: unknown, template: unknown): void => {
  if (typeof text !== 'string') throw new ArgumentError(where, `text: expected a string, got ${describeValue(text)}`);
  checkTemplate(where, template);
};

/**
 * decodeCheckpoint(text, template, source?): Right(checkpoint) read from an encoded text, its carry in the
 * structure of the template carry (e.g. the run's initial carry: same parameter tree, shapes, dtypes and
 * optimizer state layout), or Left(report) when the text is truncated, corrupted (checksum), of another format,
 * or does not match the template. `source` names the text in reports (default "the checkpoint"). Nothing is
 * half-loaded: either the whole checkpoint decodes, or none of it is used.
 * @example
 * const template = initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0));
 * const back = orThrow(decodeCheckpoint(encodeCheckpoint({ carry: template, history: emptyHistory }), template));
 */
export const decodeCheckpoint = <P, S>(
  text: string,
  template: Carry<P, S>,
  source = 'the checkpoint',
): E.Either<string, Checkpoint<P, S>> => {
  checkArguments('decodeCheckpoint', text, template);
  return pipe(
    E.tryCatch(
      (): unknown => JSON.parse(text),
      () => `${source} is not a complete checkpoint (not valid JSON: truncated?)`,
    ),
    E.chain((json) =>
      pipe(
        Envelope.decode(json),
        E.mapLeft((errs) => `${source} is not a gradfold checkpoint: ${report(errs)}`),
      ),
    ),
    E.chain((env) =>
      sha256(env.payload) === env.sha256
        ? E.right(env.payload)
        : E.left(`${source} is corrupted: its checksum does not match its contents`),
    ),
    E.chain((payload) =>
      E.tryCatch(
        (): unknown => JSON.parse(payload),
        () => `${source}: the payload is not valid JSON`,
      ),
    ),
    E.chain((json) =>
      pipe(
        Stored.decode(json),
        E.mapLeft((errs) => `${source} does not hold a carry and a history: ${report(errs)}`),
      ),
    ),
    E.chain((stored) => {
      const r = rebuildLike(template, stored.carry, readLeaf, '.carry');
      if (!r.ok) return E.left(`${source} does not match this run: ${r.error}`);
      const badPosition = positionProblem(r.value);
      if (badPosition !== undefined) return E.left(`${source} holds an impossible position: ${badPosition}`);
      const h = stored.history;
      const history: History = {
        stepLoss: decodeList(h.stepLoss),
        gradNorm: decodeList(h.gradNorm),
        learningRate: decodeList(h.learningRate),
        stepEpoch: decodeList(h.stepEpoch),
        epochLoss: decodeList(h.epochLoss),
      };
      const badHistory = historyProblem(history);
      if (badHistory !== undefined) return E.left(`${source} holds an impossible history: ${badHistory}`);
      return E.right({ carry: r.value, history });
    }),
  );
};

/** The first of step, epoch and batch that is not an integer ≥ 0, described; undefined when all are. */
const positionProblem = (carry: Carry<unknown, unknown>): string | undefined => {
  for (const k of ['step', 'epoch', 'batch'] as const) {
    const v = carry[k];
    if (!(Number.isInteger(v) && v >= 0)) return `.carry.${k}: expected an integer ≥ 0, got ${describeValue(v)}`;
  }
  return undefined;
};

/** What is wrong with a history: a step's epoch that is not an integer ≥ 0. */
const historyProblem = (h: History): string | undefined => {
  const bad = h.stepEpoch.findIndex((e) => !(Number.isInteger(e) && e >= 0));
  return bad >= 0
    ? `.history.stepEpoch[${bad}]: expected an integer ≥ 0, got ${describeValue(h.stepEpoch[bad])}`
    : undefined;
};
