/**
 * jit's staged values are contained: outside src/jit/, code knows them only through the staging interface
 * (src/core/stage.ts: isStaged, applyStaged, isNumberLike, numberLeaf, strong), so staging has one dispatch
 * point and the machinery (the Staged class, the trace, its equations) can change without touching the layers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Every TypeScript source under src/ (AssemblyScript aside), as paths relative to src/. */
const sources = (): readonly string[] =>
  readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(join('wasm', 'assembly')))
    .map((f) => f.split('\\').join('/'));

/** The sources whose text imports a module named `name` (e.g. `staging`, from any folder). */
const importersOf = (name: string): readonly string[] =>
  sources().filter((f) =>
    new RegExp(`from '(\\.{1,2}/)+(core/)?${name}\\.js'`).test(readFileSync(join(src, f), 'utf8')),
  );

describe('the staging boundary', () => {
  it('only src/jit/ and the staging interface import the staging machinery (core/staging.ts)', () => {
    const outside = importersOf('staging').filter((f) => !f.startsWith('jit/') && f !== 'core/stage.ts');
    expect(outside).toEqual([]);
  });
  it('the layers go through core/stage.ts (the check above is not vacuous)', () => {
    const users = importersOf('stage');
    for (const f of ['autodiff/tape.ts', 'core/compute.ts', 'ops/lift.ts', 'optim/tree-math.ts', 'vmap/axes.ts']) {
      expect(users).toContain(f);
    }
  });
});
