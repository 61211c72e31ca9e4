/**
 * Checkpoints: −0 round-trips exactly, impossible positions and histories are refused, a crashed save's temporary
 * file is removed by the next save, and every failure to load is a Left (bad arguments throw an ArgumentError).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';
import { ArgumentError, GradfoldError } from '../../src/core/errors.ts';

const dir = (): string => mkdtempSync(join(tmpdir(), 'gradfold-ckpt-v-'));
const params = { w: g.tensor([-0, 0, 1.5]), b: -0, h: g.tensor([-0, 2], { dtype: 'float32' }) };
const template = () => g.initCarry(params, g.sgd({ lr: 0.1 }), g.key(3));
const left = <A>(r: E.Either<string, A>): string => (E.isLeft(r) ? r.left : 'no error');
type T = ReturnType<typeof template>;

describe('checkpoint values', () => {
  it('−0 round-trips exactly: in float64 and float32 tensors, number leaves and the history', () => {
    const history = {
      ...g.emptyHistory,
      stepLoss: [-0, 1],
      gradNorm: [0, -0],
      learningRate: [0.1, 0.1],
      stepEpoch: [0, 0],
      epochLoss: [-0],
    };
    const back = g.decodeCheckpoint(g.encodeCheckpoint({ carry: template(), history }), template());
    if (E.isLeft(back)) throw new Error(back.left);
    const p = back.right.carry.params;
    expect(Object.is(p.w.data[0], -0)).toBe(true);
    expect(Object.is(p.w.data[1], 0)).toBe(true);
    expect(Object.is(p.b, -0)).toBe(true);
    expect(Object.is(p.h.data[0], -0)).toBe(true);
    expect(p.h.dtype).toBe('float32');
    expect(Object.is(back.right.history.stepLoss[0], -0)).toBe(true);
    expect(Object.is(back.right.history.gradNorm[1], -0)).toBe(true);
    expect(Object.is(back.right.history.epochLoss[0], -0)).toBe(true);
  });

  it.each<[string, (c: T) => T, RegExp]>([
    [
      'a negative step',
      (c) => ({ ...c, step: -1 }),
      /impossible position: \.carry\.step: expected an integer ≥ 0, got -1/,
    ],
    ['a fractional epoch', (c) => ({ ...c, epoch: 1.5 }), /\.carry\.epoch: expected an integer ≥ 0, got 1\.5/],
    ['a NaN batch', (c) => ({ ...c, batch: NaN }), /\.carry\.batch: expected an integer ≥ 0, got NaN/],
    ['an infinite step', (c) => ({ ...c, step: Infinity }), /\.carry\.step: expected an integer ≥ 0, got Infinity/],
  ])('refuses %s', (_name, change, message) => {
    expect(
      left(g.decodeCheckpoint(g.encodeCheckpoint({ carry: change(template()), history: g.emptyHistory }), template())),
    ).toMatch(message);
  });

  it('refuses a history whose steps have impossible epochs', () => {
    const badEpoch = {
      ...g.emptyHistory,
      stepLoss: [1, 2],
      gradNorm: [1, 1],
      learningRate: [1, 1],
      stepEpoch: [0, -1],
    };
    expect(left(g.decodeCheckpoint(g.encodeCheckpoint({ carry: template(), history: badEpoch }), template()))).toMatch(
      /impossible history: \.history\.stepEpoch\[1\]: expected an integer ≥ 0, got -1/,
    );
  });
});

describe('saveCheckpoint', () => {
  it('removes the temporary files that crashed saves of the same path left, and nothing else', () => {
    const folder = dir();
    const path = join(folder, 'run.ckpt');
    const deadPid = 999_999_999; // above any pid Linux or macOS gives out
    const stale = [`run.ckpt.tmp-${deadPid}-1`, `run.ckpt.tmp-${process.pid}-4242`];
    const kept = [
      `run.ckpt.tmp-${process.ppid}-1`, // a running process: perhaps a save in progress
      `other.ckpt.tmp-${deadPid}-1`, // another checkpoint's
      'run.ckpt.tmp-notes', // not a name saveCheckpoint makes
    ];
    for (const name of [...stale, ...kept]) writeFileSync(join(folder, name), 'half a checkpoint');
    gn.saveCheckpoint(path, { carry: template(), history: g.emptyHistory });
    expect(readdirSync(folder).sort()).toEqual(['run.ckpt', ...kept].sort());
    expect(E.isRight(gn.loadCheckpoint(path, template()))).toBe(true);
  });

  it('a save that cannot write throws a GradfoldError naming the path and leaves no temporary file', () => {
    const folder = dir();
    const path = join(folder, 'no-such-folder', 'run.ckpt');
    expect(() => gn.saveCheckpoint(path, { carry: template(), history: g.emptyHistory })).toThrow(GradfoldError);
    expect(() => gn.saveCheckpoint(path, { carry: template(), history: g.emptyHistory })).toThrow(
      `saveCheckpoint: cannot write ${path}: ENOENT`,
    );
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const target = join(folder, 'run.ckpt');
    expect(() =>
      gn.saveCheckpoint(target, { carry: { ...template(), optState: cyclic }, history: g.emptyHistory }),
    ).toThrow('encodeCheckpoint: checkpoint: cannot be encoded: it holds a cycle (a value that contains itself)');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses arguments of the wrong kind with an ArgumentError', () => {
    const path = join(dir(), 'run.ckpt');
    const untyped = (v: unknown): Parameters<typeof gn.saveCheckpoint>[1] => ({
      carry: template(),
      history: g.emptyHistory,
      ...(typeof v === 'object' && v !== null ? v : {}),
    });
    expect(() => gn.saveCheckpoint(path, untyped({ carry: 3 }))).toThrow(ArgumentError);
    expect(() => gn.saveCheckpoint(path, untyped({ carry: 3 }))).toThrow(/saveCheckpoint: template: expected a carry/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('loadCheckpoint: every failure to load is a Left', () => {
  const folder = dir();
  const at = (name: string, text: string): string => {
    const p = join(folder, name);
    writeFileSync(p, text);
    return p;
  };
  it.each<[string, () => string, RegExp]>([
    ['a missing file', () => join(folder, 'missing.ckpt'), /cannot read .*missing\.ckpt: ENOENT/],
    [
      'a folder',
      () => {
        const p = join(folder, 'a-folder');
        mkdirSync(p, { recursive: true });
        return p;
      },
      /cannot read .*a-folder: EISDIR/,
    ],
    ['an empty file', () => at('empty.ckpt', ''), /not a complete checkpoint/],
    ['binary garbage', () => at('garbage.ckpt', '\u0000\u00ff\u0001{'), /not a complete checkpoint/],
    [
      'deeply nested JSON',
      () => at('deep.ckpt', '['.repeat(200_000) + ']'.repeat(200_000)),
      /not a gradfold checkpoint|not a complete checkpoint/,
    ],
    [
      'an envelope of the wrong types',
      () => at('types.ckpt', JSON.stringify({ format: 'gradfold-checkpoint', version: 1, sha256: 5, payload: [] })),
      /not a gradfold checkpoint/,
    ],
    [
      'a payload of another structure',
      () => {
        const text = g.encodeCheckpoint({
          carry: g.initCarry({ other: 1 }, g.sgd({ lr: 0.1 }), g.key(3)),
          history: g.emptyHistory,
        });
        return at('other.ckpt', text);
      },
      /does not match this run: \.carry\.params: unexpected field\(s\) other/,
    ],
  ])('%s', (_name, path, message) => {
    let r: E.Either<string, unknown> = E.right(undefined);
    expect(() => {
      r = gn.loadCheckpoint(path(), template());
    }).not.toThrow();
    expect(left(r)).toMatch(message);
  });
  it('arguments of the wrong kind throw an ArgumentError naming them', () => {
    const notACarry: unknown = { params: 1 };
    const passesAsCarry = (v: unknown): v is T => typeof v === 'object'; // what a JavaScript caller gets away with
    if (!passesAsCarry(notACarry)) throw new Error('unreachable');
    expect(() => gn.loadCheckpoint(join(folder, 'x.ckpt'), notACarry)).toThrow(
      /loadCheckpoint: template: expected a carry .* \(no optState, key, step, epoch, batch\)/,
    );
    expect(() => g.decodeCheckpoint('{}', notACarry)).toThrow(ArgumentError);
  });
});
