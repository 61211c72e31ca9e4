/**
 * Checkpoints on disk: the encoded text of `encodeCheckpoint` written atomically (temporary file in the same
 * folder, fsync, rename) and read back through `decodeCheckpoint`. The file a save would replace is never
 * touched by a failed save.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from '../train/checkpoint.js';
import type { Carry } from '../train/step.js';

/** A short random-enough suffix for the temporary file: the process id and a counter. */
let saves = 0;

/**
 * saveCheckpoint(path, checkpoint): writes {carry, history} to `path` atomically: the bytes go to a temporary
 * file in the same folder, are flushed to disk, and only then renamed over `path`. A crash or an error at any
 * point leaves the previous checkpoint as it was.
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * saveCheckpoint(join(mkdtempSync(join(tmpdir(), 'run-')), 'run.ckpt'), { carry: initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0)), history: emptyHistory });
 */
export const saveCheckpoint = <P, S>(path: string, checkpoint: Checkpoint<P, S>): void => {
  const text = encodeCheckpoint(checkpoint);
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

/**
 * loadCheckpoint(path, template): Right(checkpoint) read from `path`, its carry in the structure of the
 * template carry (e.g. the run's initial carry), or Left(report) when the file is missing, truncated,
 * corrupted (checksum), of another format, or does not match the template (see `decodeCheckpoint`).
 * @example
 * const resumed = loadCheckpoint('run.ckpt', initCarry({ w: 0 }, sgd({ lr: 0.1 }), key(0))); // Either
 */
export const loadCheckpoint = <P, S>(path: string, template: Carry<P, S>): E.Either<string, Checkpoint<P, S>> =>
  pipe(
    E.tryCatch(
      () => readFileSync(path, 'utf8'),
      (e) => `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
    ),
    E.chain((text) => decodeCheckpoint(text, template, path)),
  );
