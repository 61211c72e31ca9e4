/**
 * Every op src/index.ts exports from src/ops/ has its tests: a test file mirroring its source file
 * (test/ops/<file>.test.ts for src/ops/<file>.ts), a gradient row and a jit row in that file's table
 * (test/ops/<file>.cases.ts), and a batching case (test/vmap/cases.ts, rules.test.ts runs them). Adding an op
 * without them fails here (and, for the rows, already in the type checker: the tables are typed by the ops).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import { batchingCases } from '../vmap/cases.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** Ops exported from src/ops/ that are not tensor functions, with where they are tested instead. */
const notTensorFunctions: Readonly<Record<string, string>> = {
  split: 'a PRNG key operation (test/random.stats.test.ts, test/vmap/random.test.ts)',
  foldIn: 'a PRNG key operation (test/random.stats.test.ts, test/vmap/random.test.ts)',
  uniform: 'a random draw: its values are checked by their statistics (test/random.stats.test.ts)',
  normal: 'a random draw: its values are checked by their statistics (test/random.stats.test.ts)',
  permutation: 'a random draw of indices (test/vmap/random.test.ts)',
};

/** [op, file] for every value src/index.ts re-exports from src/ops/<file>.js (types skipped). */
const exportedOps = (): (readonly [string, string])[] => {
  const found: (readonly [string, string])[] = [];
  for (const m of read('src/index.ts').matchAll(/export\s*\{([^}]*)\}\s*from\s*'\.\/ops\/([\w-]+)\.js'/g)) {
    const file = m[2] ?? '';
    for (const part of (m[1] ?? '').split(',')) {
      const name =
        part
          .trim()
          .split(/\s+as\s+/)
          .pop() ?? '';
      if (name !== '' && !name.startsWith('type ')) found.push([name, file]);
    }
  }
  return found;
};

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null;

/** The grad and jit row names of test/ops/<file>.cases.ts (empty when it has none). */
const rowsOf = async (file: string): Promise<{ grad: string[]; jit: string[] }> => {
  const path = `test/ops/${file}.cases.ts`;
  if (!existsSync(new URL(path, root))) return { grad: [], jit: [] };
  const mod: unknown = await import(`./${file}.cases.ts`);
  const rows = isRecord(mod) ? mod['rows'] : undefined;
  const keys = (table: unknown): string[] => (isRecord(table) ? Object.keys(table) : []);
  return isRecord(rows) ? { grad: keys(rows['grad']), jit: keys(rows['jit']) } : { grad: [], jit: [] };
};

/** The op a batching case exercises: its name's first word. */
const batchedOps = new Set(batchingCases.map((c) => c.name.split(/[\s,]/)[0]));

describe('every exported op has its tests', () => {
  const ops = exportedOps();

  it('reads the ops of src/index.ts (functions of the package)', () => {
    expect(ops.length).toBeGreaterThan(60);
    const exported: Readonly<Record<string, unknown>> = g;
    for (const [name] of ops) expect(typeof exported[name], name).toBe('function');
  });

  it('a test file per source file, a gradient row, a jit row and a batching case per op', async () => {
    const missing: string[] = [];
    for (const [name, file] of ops) {
      if (Object.hasOwn(notTensorFunctions, name)) continue;
      if (!existsSync(new URL(`test/ops/${file}.test.ts`, root))) missing.push(`${name}: test/ops/${file}.test.ts`);
      const rows = await rowsOf(file);
      if (!rows.grad.includes(name)) missing.push(`${name}: a gradient row in test/ops/${file}.cases.ts`);
      if (!rows.jit.includes(name)) missing.push(`${name}: a jit row in test/ops/${file}.cases.ts`);
      if (!batchedOps.has(name)) missing.push(`${name}: a batching case in test/vmap/cases.ts`);
    }
    expect(missing).toEqual([]);
  });

  it('rows only for exported ops, and exclusions only for exported ops', async () => {
    const names = new Set(ops.map(([name]) => name));
    const stale: string[] = [];
    for (const file of new Set(ops.map(([, f]) => f))) {
      const rows = await rowsOf(file);
      for (const name of [...rows.grad, ...rows.jit]) if (!names.has(name)) stale.push(`${file}: ${name}`);
    }
    for (const name of Object.keys(notTensorFunctions)) if (!names.has(name)) stale.push(`excluded: ${name}`);
    expect(stale).toEqual([]);
  });
});
