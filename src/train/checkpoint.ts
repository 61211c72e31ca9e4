/**
 * Checkpoints: a run's carry and history written to a file atomically (temporary file, flush, rename) and read
 * back through io-ts into the structure of a template carry. A truncated, corrupted or mismatched file is
 * refused with a Left naming the problem; the file it would have replaced is never touched by a failed save.
 *
 * Format: a JSON envelope {format, version, sha256, payload} whose payload is the JSON text of {carry,
 * history}; tensors are {dtype, shape, data} with non-finite numbers written as "NaN", "Infinity", "-Infinity".
 * float64 and float32 values round-trip exactly (JSON numbers print the shortest exact form).
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { allocate } from '../core/dtype.ts';
import { type RebuildResult, rebuildLike } from '../core/tree.ts';
import { fromData, isTensor } from '../core/tensor.ts';
import { report } from '../data/codecs.ts';
import type { History } from './history.ts';
import type { Carry } from './step.ts';

/** What a checkpoint holds. */
export interface Checkpoint<P, S> {
  readonly carry: Carry<P, S>;
  readonly history: History;
}

const FORMAT = 'gradfold-checkpoint';

const NumberToken = t.union([t.number, t.literal('NaN'), t.literal('Infinity'), t.literal('-Infinity')]);
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

const encodeNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const decodeNumber = (v: t.TypeOf<typeof NumberToken>): number => (typeof v === 'number' ? v : Number(v));

/** JSON.stringify replacer: tensors as {dtype, shape, data}, non-finite numbers as strings. */
const replacer = (_key: string, value: unknown): unknown => {
  if (isTensor(value)) return { dtype: value.dtype, shape: value.shape, data: Array.from(value.data, encodeNumber) };
  if (typeof value === 'number') return encodeNumber(value);
  return value;
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * saveCheckpoint(path, checkpoint): writes {carry, history} to `path` atomically: the bytes go to a temporary
 * file in the same folder, are flushed to disk, and only then renamed over `path`. A crash or an error at any
 * point leaves the previous checkpoint as it was.
 */
export const saveCheckpoint = <P, S>(path: string, checkpoint: Checkpoint<P, S>): void => {
  const payload = JSON.stringify(checkpoint, replacer);
  const text = JSON.stringify({ format: FORMAT, version: 1, sha256: sha256(payload), payload });
  const tmp = `${path}.tmp-${process.pid}-${sha256(payload).slice(0, 8)}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dir = openSync(dirname(path), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is already atomic.
  }
};

/** Reads one position of the template from the decoded JSON: tensors and numbers decoded, other values kept. */
const readLeaf = (template: unknown, value: unknown, path: string): RebuildResult<unknown> => {
  if (isTensor(template)) {
    const d = EncodedTensor.decode(value);
    if (E.isLeft(d)) return { ok: false, error: `${path}: ${report(d.left)}` };
    const { dtype, shape, data } = d.right;
    if (data.length !== shape.reduce((a, b) => a * b, 1)) return { ok: false, error: `${path}: ${data.length} values for shape [${shape.join(',')}]` };
    const arr = allocate(dtype, data.length);
    data.forEach((v, i) => {
      arr[i] = decodeNumber(v);
    });
    const tensor = fromData(shape, arr);
    const same = tensor.dtype === template.dtype && shape.length === template.shape.length && shape.every((s, i) => s === template.shape[i]);
    return same ? { ok: true, value: tensor } : { ok: false, error: `${path}: a ${dtype} tensor of shape [${shape.join(',')}] where the run has ${template.dtype} [${template.shape.join(',')}]` };
  }
  if (typeof template === 'number') {
    const d = NumberToken.decode(value);
    return E.isRight(d) ? { ok: true, value: decodeNumber(d.right) } : { ok: false, error: `${path}: expected a number, got ${JSON.stringify(value)}` };
  }
  return typeof value === typeof template ? { ok: true, value } : { ok: false, error: `${path}: expected a ${typeof template}, got ${JSON.stringify(value)}` };
};

const decodeList = (xs: t.TypeOf<typeof NumberList>): number[] => xs.map(decodeNumber);

/**
 * loadCheckpoint(path, template): Right(checkpoint) read from `path`, its carry in the structure of the
 * template carry (e.g. the run's initial carry: same parameter tree, shapes, dtypes and optimizer state
 * layout), or Left(report) when the file is missing, truncated, corrupted (checksum), from another format, or
 * does not match the template. Nothing is half-loaded: either the whole checkpoint decodes, or none of it is used.
 */
export const loadCheckpoint = <P, S>(path: string, template: Carry<P, S>): E.Either<string, Checkpoint<P, S>> =>
  pipe(
    E.tryCatch(
      () => readFileSync(path, 'utf8'),
      (e) => `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
    ),
    E.chain((text) => E.tryCatch((): unknown => JSON.parse(text), () => `${path} is not a complete checkpoint (not valid JSON: truncated?)`)),
    E.chain((json) => pipe(Envelope.decode(json), E.mapLeft((errs) => `${path} is not a gradfold checkpoint: ${report(errs)}`))),
    E.chain((env) => (sha256(env.payload) === env.sha256 ? E.right(env.payload) : E.left(`${path} is corrupted: its checksum does not match its contents`))),
    E.chain((payload) => E.tryCatch((): unknown => JSON.parse(payload), () => `${path}: the payload is not valid JSON`)),
    E.chain((json) => pipe(Stored.decode(json), E.mapLeft((errs) => `${path} does not hold a carry and a history: ${report(errs)}`))),
    E.chain((stored) => {
      const r = rebuildLike(template, stored.carry, readLeaf, '.carry');
      if (!r.ok) return E.left(`${path} does not match this run: ${r.error}`);
      const h = stored.history;
      const history: History = {
        stepLoss: decodeList(h.stepLoss),
        gradNorm: decodeList(h.gradNorm),
        learningRate: decodeList(h.learningRate),
        stepEpoch: decodeList(h.stepEpoch),
        epochLoss: decodeList(h.epochLoss),
      };
      return E.right({ carry: r.value, history });
    }),
  );
