/** Checkpoints: round trip, bit-identical resume, atomic writes, corrupted files refused. */
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import * as gn from '../../src/node.ts';
import type { Batch, Tensor } from '../../src/index.ts';

const data = g.dataset(g.normal(g.key(1), [24, 3]), g.normal(g.key(2), [24]));
type P = { readonly w: Tensor; readonly b: Tensor; readonly scale: Tensor };
const loss = (p: P, batch: Batch) => g.mse(g.mul(g.add(g.matmul(batch.x, p.w), p.b), p.scale), batch.y);
const params = { w: g.zeros([3]), b: 0, scale: g.scalar(1, { dtype: 'float32' }) };
const options = {
  loss,
  params,
  optimizer: g.adam({ lr: 0.05 }),
  data,
  epochs: 4,
  batchSize: 5,
  key: g.key(9),
} as const;
const dir = () => mkdtempSync(join(tmpdir(), 'gradfold-ckpt-'));

const template = () => g.initCarry(params, g.adam({ lr: 0.05 }), g.key(9));

describe('checkpoints', () => {
  it('round-trips a carry and its history exactly (float64 and float32, NaN in the history)', () => {
    const path = join(dir(), 'run.ckpt');
    const r = g.fit(options);
    const saved = { carry: r.carry, history: { ...r.history, learningRate: [...r.history.learningRate, NaN] } };
    gn.saveCheckpoint(path, saved);
    const back = gn.loadCheckpoint(path, template());
    if (E.isLeft(back)) throw new Error(back.left);
    expect(back.right.carry).toEqual(saved.carry);
    expect(Array.from(back.right.carry.params.w.data)).toEqual(Array.from(r.carry.params.w.data));
    expect(back.right.carry.params.scale.dtype).toBe('float32');
    expect(back.right.history.learningRate.at(-1)).toBeNaN();
  });

  it('resuming from a checkpoint taken mid-epoch ends bit-identical to the uninterrupted run', () => {
    const path = join(dir(), 'mid.ckpt');
    const full = g.fit(options);
    const steps = g.fitSteps(options);
    for (let i = 0; i < 7; i++) {
      const s = steps.next();
      if (s.done === true) throw new Error('too few steps');
      if (i === 6) gn.saveCheckpoint(path, { carry: s.value.carry, history: s.value.history() });
    }
    const loaded = gn.loadCheckpoint(path, template());
    if (E.isLeft(loaded)) throw new Error(loaded.left);
    expect(loaded.right.carry.batch).toBe(2); // 5 batches per epoch: step 7 is batch 1 of epoch 1
    const resumed = g.fit({ ...options, resume: loaded.right });
    expect(Array.from(resumed.carry.params.w.data)).toEqual(Array.from(full.carry.params.w.data));
    expect(resumed.carry.params.b).toBe(full.carry.params.b);
    expect(resumed.carry.optState).toEqual(full.carry.optState);
    expect(resumed.history).toEqual(full.history);
  });

  it('refuses a truncated file and leaves the previous checkpoint intact', () => {
    const folder = dir();
    const path = join(folder, 'run.ckpt');
    gn.saveCheckpoint(path, { carry: g.fit(options).carry, history: g.emptyHistory });
    const good = readFileSync(path, 'utf8');
    const truncated = join(folder, 'truncated.ckpt');
    writeFileSync(truncated, good.slice(0, good.length / 2));
    const r = gn.loadCheckpoint(truncated, template());
    expect(E.isLeft(r) && r.left).toMatch(/not a complete checkpoint \(not valid JSON: truncated\?\)/);
    expect(readFileSync(path, 'utf8')).toBe(good);
    expect(readdirSync(folder).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a corrupted payload (checksum), another format, and a run of another shape', () => {
    const folder = dir();
    const path = join(folder, 'run.ckpt');
    gn.saveCheckpoint(path, { carry: g.fit(options).carry, history: g.emptyHistory });
    const text = readFileSync(path, 'utf8');
    const corrupted = join(folder, 'corrupted.ckpt');
    writeFileSync(
      corrupted,
      text.replace(/"step\\":(\d)/, (_m, d: string) => `"step\\":${(Number(d) + 1) % 10}`),
    );
    const c = gn.loadCheckpoint(corrupted, template());
    expect(E.isLeft(c) && c.left).toMatch(/corrupted: its checksum does not match/);
    const other = join(folder, 'other.json');
    writeFileSync(other, JSON.stringify({ hello: 1 }));
    expect(E.isLeft(gn.loadCheckpoint(other, template()))).toBe(true);
    const wrongShape = g.initCarry({ ...params, w: g.zeros([4]) }, g.adam({ lr: 0.05 }), g.key(9));
    const m = gn.loadCheckpoint(path, wrongShape);
    expect(E.isLeft(m) && m.left).toMatch(
      /does not match this run: \.carry\.params\.w: a float64 tensor of shape \[3\] where the run has float64 \[4\]/,
    );
    expect(E.isLeft(gn.loadCheckpoint(join(folder, 'missing.ckpt'), template()))).toBe(true);
  });

  it('a failed save leaves the previous checkpoint and no temporary file', () => {
    const folder = dir();
    const path = join(folder, 'run.ckpt');
    gn.saveCheckpoint(path, { carry: g.fit(options).carry, history: g.emptyHistory });
    const before = readFileSync(path, 'utf8');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const bad = { carry: { ...g.fit(options).carry, optState: cyclic }, history: g.emptyHistory };
    expect(() => gn.saveCheckpoint(path, bad)).toThrow();
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(folder)).toEqual(['run.ckpt']);
  });
});
