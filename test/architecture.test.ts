/**
 * The house's shape: no import cycles among the sources (madge reads the import graph, type-only imports
 * included), and the root door reaches no Node built-in (what a browser bundle of `gradfold` relies on).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const madge = (args: readonly string[]): unknown =>
  JSON.parse(
    execFileSync(`${root}node_modules/.bin/madge`, [...args, '--json', '--extensions', 'ts'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );

describe('architecture', () => {
  it('has no import cycles in src/', () => {
    expect(madge(['--circular', 'src'])).toEqual([]);
  });
  it('keeps Node built-ins out of the root entry’s import graph', () => {
    const graph = madge(['src/index.ts']);
    const files = typeof graph === 'object' && graph !== null ? Object.keys(graph) : [];
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => f.startsWith('node/') || f === 'node.ts' || f.startsWith('report/'))).toEqual([]);
    // Node-only imports, and Node globals used bare (process.x, Buffer.x, Buffer(…)); a feature-detected property
    // of the host object (host.process?.getBuiltinModule, host.Buffer in ops/outer.ts) is allowed.
    const nodeOnly = /from '(node:[^']+|fs|path|crypto|stream|events|readline)'|\bprocess\.|(?<!\.)\bBuffer\s*[.(]/;
    expect(files.filter((f) => nodeOnly.test(readFileSync(`${root}src/${f}`, 'utf8')))).toEqual([]);
  });
});
