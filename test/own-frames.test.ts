/**
 * debugNans' call site: gradfold's own stack frames are known by module URL (src/ under tsx and vitest, dist/ in
 * the package with its source-mapped src/, the file itself in a bundle), never by folder name, so a user's file
 * under a folder named src/ops/ keeps its call site.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';
import { ownCodeAt, userFrame } from '../src/autodiff/own-frames.ts';

/** A V8 stack whose frames are `frames`, innermost first. */
const v8 = (...frames: readonly string[]): string => ['Error', ...frames.map((f) => `    at ${f}`)].join('\n');

describe('userFrame: the first frame that is not gradfold’s', () => {
  it('from src/ (tsx, vitest): a user file under a folder named src/ops/ is the user’s', () => {
    const own = ownCodeAt('file:///work/gradfold/src/autodiff/own-frames.ts');
    const stack = v8(
      'userCallSite (file:///work/gradfold/src/autodiff/nan.ts:60:40)',
      'bind (/work/gradfold/src/autodiff/tape.ts:300:18)',
      'log (file:///work/gradfold/src/ops/unary.ts:40:10)',
      'model (file:///home/ana/app/src/ops/model.ts:12:7)',
      'main (file:///home/ana/app/src/main.ts:3:1)',
    );
    expect(userFrame(stack, own)).toBe('model (file:///home/ana/app/src/ops/model.ts:12:7)');
    // the same with the paths V8 prints for a script (no file: URL)
    const paths = v8(
      'bind (/work/gradfold/src/autodiff/tape.ts:300:18)',
      'model (/home/ana/app/src/ops/model.ts:12:7)',
    );
    expect(userFrame(paths, own)).toBe('model (/home/ana/app/src/ops/model.ts:12:7)');
  });
  it('skips node: frames and returns "" when every frame is gradfold’s', () => {
    const own = ownCodeAt('file:///w/g/src/autodiff/own-frames.ts');
    expect(userFrame(v8('f (/w/g/src/ops/unary.ts:1:1)', 'node:internal/main:1:1', 'h (/w/u.ts:2:3)'), own)).toBe(
      'h (/w/u.ts:2:3)',
    );
    expect(userFrame(v8('f (/w/g/src/ops/unary.ts:1:1)', 'node:internal/main:1:1'), own)).toBe('');
  });
  it('from dist/ in the package: dist/ and the source-mapped src/ beside it are gradfold’s, nothing else', () => {
    const own = ownCodeAt('file:///app/node_modules/gradfold/dist/autodiff/own-frames.js');
    expect(own).toContain('file:///app/node_modules/gradfold/dist/');
    expect(own).toContain('/app/node_modules/gradfold/src/');
    const stack = v8(
      'bind (file:///app/node_modules/gradfold/dist/autodiff/tape.js:300:18)',
      'log (file:///app/node_modules/gradfold/src/ops/unary.ts:40:10)',
      'loss (file:///app/src/ops/loss.js:5:9)',
    );
    expect(userFrame(stack, own)).toBe('loss (file:///app/src/ops/loss.js:5:9)');
  });
  it('in a bundle: the bundle’s file (with Vite’s query string) is gradfold’s, its neighbours are not', () => {
    const own = ownCodeAt('http://localhost:5173/node_modules/.vite/deps/gradfold.js?v=3f2a');
    const stack = [
      'bind@http://localhost:5173/node_modules/.vite/deps/gradfold.js?v=3f2a:900:12',
      'model@http://localhost:5173/src/ops/model.ts?t=17:4:2',
    ].join('\n');
    expect(userFrame(stack, own)).toBe('model@http://localhost:5173/src/ops/model.ts?t=17:4:2');
    // a file whose name extends the bundle's (gradfold.jsx) is not the bundle
    expect(userFrame('at x (http://localhost:5173/node_modules/.vite/deps/gradfold.jsx:1:1)', own)).toBe(
      'x (http://localhost:5173/node_modules/.vite/deps/gradfold.jsx:1:1)',
    );
  });
  it('on Windows: the drive path with backslashes, and percent-decoded names', () => {
    const own = ownCodeAt('file:///C:/my%20work/gradfold/src/autodiff/own-frames.ts');
    const stack = v8(
      'bind (C:\\my work\\gradfold\\src\\autodiff\\tape.ts:1:1)',
      'f (C:\\my work\\app\\src\\ops\\f.ts:2:2)',
    );
    expect(userFrame(stack, own)).toBe('f (C:\\my work\\app\\src\\ops\\f.ts:2:2)');
  });
  it('without a module URL (a bundler that drops import.meta) no frame is known as gradfold’s', () => {
    expect(ownCodeAt(undefined)).toEqual([]);
    expect(userFrame(v8('f (/a.ts:1:1)'), [])).toBe('f (/a.ts:1:1)');
  });
});

/** The user's model as written in the temporary file (JavaScript: its type is this test's statement). */
const isModel = (f: unknown): f is (gf: typeof g, x: Tensor) => Tensor => typeof f === 'function';

describe('debugNans names a call site in a user file under src/ops/', () => {
  it('the NonFiniteError’s callSite is the user’s file, found from a real stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfold-frames-'));
    try {
      const ops = join(dir, 'src', 'ops');
      mkdirSync(ops, { recursive: true });
      const file = join(ops, 'user-model.mjs');
      // the user's model takes gradfold as an argument, so the file needs no import of it
      writeFileSync(file, 'export const logSum = (g, x) => g.sum(g.log(x));\n');
      const mod: unknown = await import(pathToFileURL(file).href);
      const logSum = typeof mod === 'object' && mod !== null && 'logSum' in mod ? mod.logSum : null;
      if (!isModel(logSum)) throw new Error('the user module did not load');
      let caught: unknown = null;
      try {
        g.grad((x: Tensor) => logSum(g, x), { debugNans: true })(g.tensor([1, 0]));
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(g.NonFiniteError);
      const site = caught instanceof g.NonFiniteError ? caught.callSite : '';
      expect(site).toContain('user-model.mjs:1:');
      expect(site).toContain(join('src', 'ops'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
