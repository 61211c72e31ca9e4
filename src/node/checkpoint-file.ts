/**
 * Checkpoints on disk: the encoded text of `encodeCheckpoint` written atomically (temporary file in the same
 * folder, fsync, rename) and read back through `decodeCheckpoint`. The file a save would replace is never
 * touched by a failed save.
 */
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ArgumentError, GradfoldError, describeValue } from '../core/errors.js';
import { type Checkpoint, checkTemplate, decodeCheckpoint, encodeCheckpoint } from '../train/checkpoint.js';
import type { Carry } from '../train/step.js';

/** Saves made by this process: with the process id, the suffix of each temporary file (`<path>.tmp-<pid>-<n>`). */
let saves = 0;

/** Whether process `pid` is running (signal 0 tests for existence; EPERM means it exists but is not ours). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
};

/**
 * Removes the temporary files that earlier saves of `path` left when they crashed before their rename:
 * `<path>.tmp-<pid>-<n>` whose process is this one (saves are synchronous, so none is in progress) or no longer
 * runs. Another running process's file may be a save in progress and is left alone.
 */
const removeStaleTemporaries = (path: string): void => {
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return; // the folder cannot be listed: the save itself will report it
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-\d+$/.exec(name.slice(prefix.length));
    const pid = m === null ? NaN : Number(m[1]);
    if (!(Number.isInteger(pid) && (pid === process.pid || !alive(pid)))) continue;
    try {
      rmSync(join(dirname(path), name), { force: true });
    } catch {
      // not ours to remove (permissions): leave it
    }
  }
};

/**
 * saveCheckpoint(path, checkpoint): writes {carry, history} to `path` atomically: the bytes go to a temporary
 * file in the same folder (`<path>.tmp-<pid>-<n>`), are flushed to disk, and only then renamed over `path`. A
 * crash or an error at any point leaves the previous checkpoint as it was; the temporary file of a crashed
 * save is removed by the next save of the same path (a failed save removes its own at once).
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const carry = initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0));
 * saveCheckpoint(join(mkdtempSync(join(tmpdir(), 'run-')), 'run.ckpt'), { carry, history: emptyHistory });
 */
export const saveCheckpoint = <P, S>(path: string, checkpoint: Checkpoint<P, S>): void => {
  if (typeof path !== 'string' || path === '')
    throw new ArgumentError('saveCheckpoint', `path: expected a file path, got ${describeValue(path)}`);
  if (typeof checkpoint !== 'object' || checkpoint === null || !('carry' in checkpoint) || !('history' in checkpoint)) {
    throw new ArgumentError(
      'saveCheckpoint',
      `checkpoint: expected {carry, history}, got ${describeValue(checkpoint)}`,
    );
  }
  checkTemplate('saveCheckpoint', checkpoint.carry);
  const text = encodeCheckpoint(checkpoint);
  removeStaleTemporaries(path);
  saves += 1;
  const tmp = `${path}.tmp-${process.pid}-${saves}`;
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
    throw new GradfoldError(`saveCheckpoint: cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  try {
    const dir = openSync(dirname(path), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is already atomic.
  }
};

/**
 * loadCheckpoint(path, template): Right(checkpoint) read from `path`, its carry in the structure of the
 * template carry (e.g. the run's initial carry), or Left(report) when the file is missing, truncated,
 * corrupted (checksum), of another format, or does not match the template (see `decodeCheckpoint`).
 * @example
 * const resumed = loadCheckpoint('run.ckpt', initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0))); // Either
 */
export const loadCheckpoint = <P, S>(path: string, template: Carry<P, S>): E.Either<string, Checkpoint<P, S>> => {
  if (typeof path !== 'string')
    throw new ArgumentError('loadCheckpoint', `path: expected a file path, got ${describeValue(path)}`);
  checkTemplate('loadCheckpoint', template);
  return pipe(
    E.tryCatch(
      () => readFileSync(path, 'utf8'),
      (e) => `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
    ),
    E.chain((text) => decodeCheckpoint(text, template, path)),
  );
};
