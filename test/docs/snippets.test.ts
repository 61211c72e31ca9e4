/**
 * The documentation's code, type-checked and run from where it is written: every ```ts / ```typescript block
 * of README.md and src/**\/README.md, and every `@example` of the doc comments in src/**\/*.ts. A README's
 * ```js / ```javascript block (what a plain-JavaScript user writes) is run, not type-checked.
 *
 * How:
 * - extract.ts reads the snippets from their files (a README block is named by its fence's line, an example
 *   by its `@example` tag's line: `file:line`).
 * - assemble.ts makes each one a module. An `@example` may leave out its imports: every name it uses without
 *   declaring it, that a public entry (`gradfold`, `gradfold/node`, `gradfold/report`, `gradfold/testing`)
 *   exports, is imported from the first entry that exports it, as a type when it has no value; names of the
 *   prelude (prelude.ts) are imported from there. A README block is what users copy: it imports what it uses.
 * - compile.ts type-checks all the modules in one program with tsconfig.json's compiler options (the package
 *   names resolve through its `paths`), except `noUnusedLocals` and `noUnusedParameters`: examples declare
 *   names to show them. A type error fails the snippet's "type-check" test, naming the source file:line of
 *   each diagnostic.
 * - each module is written to out/snippets/ (gitignored) and imported (vitest.config.ts's aliases resolve the
 *   package names): a snippet that throws fails its "run" test, named by its file:line.
 *
 * The prelude (prelude.ts), for examples only: `data`, four examples on y = 2x as a Dataset (x and y of
 * shape [4]), and `loss(p, batch)`, the mean squared error of y ≈ w·x for parameters `{ w }`.
 *
 * Fixtures: FIXTURES below are files snippets read by a relative name (README.md's `loadCsv('points.csv', …)`);
 * each is created in the working directory if absent and removed after the run. Snippets must not write
 * elsewhere than under the OS temp dir (e.g. `mkdtempSync(join(tmpdir(), 'run-'))`).
 */
import { existsSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type SnippetModule, assemble } from './assemble.ts';
import { compiler, type ModuleDiagnostic } from './compile.ts';
import { packageEntries, readCompilerOptions } from './entries.ts';
import { findSnippets } from './extract.ts';
import * as prelude from './prelude.ts';

/** Files snippets read, by relative name, with their contents: points.csv has 16 points on y = 2x + 1. */
const FIXTURES: Readonly<Record<string, string>> = {
  'points.csv': ['x,y', ...Array.from({ length: 16 }, (_, i) => `${i / 4},${(2 * i) / 4 + 1}`)].join('\n') + '\n',
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = resolve(root, 'out/snippets');
const options = { ...readCompilerOptions(root), noUnusedLocals: false, noUnusedParameters: false };
const entries = packageEntries(root, options);
const tsc = compiler(options, entries);
const snippets = findSnippets(root);
const publicNames = tsc.publicNames();
const modules = snippets.map((s) =>
  assemble(s, {
    publicNames,
    preludeNames: new Set(Object.keys(prelude)),
    preludeFile: resolve(root, 'test/docs/prelude.ts'),
    outDir,
  }),
);
const typed = modules.filter((m) => m.snippet.language === 'ts');
const diagnostics = tsc.check(typed.map((m) => ({ path: m.path, text: m.text })));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const m of modules) writeFileSync(m.path, m.text);
const created = Object.entries(FIXTURES).flatMap(([name, text]) => {
  const path = join(process.cwd(), name);
  if (existsSync(path)) return [];
  writeFileSync(path, text);
  return [path];
});
afterAll(() => created.forEach((p) => unlinkSync(p)));

/** Where a diagnostic of a snippet's module points in the snippet's source file. */
const located = (m: SnippetModule, d: ModuleDiagnostic): string => {
  const offset = d.line - m.header - 1;
  const lines = m.snippet.code.split('\n').length;
  if (offset < 0) return `${m.snippet.id} (auto-import ${d.line}): ${d.message}`;
  if (offset >= lines) return `${m.snippet.id} (end of snippet): ${d.message}`;
  return `${m.snippet.file}:${m.snippet.firstLine + offset}: ${d.message}`;
};

describe('documentation snippets', () => {
  it('are found in the READMEs and the doc comments', () => {
    expect(snippets.filter((s) => s.kind === 'readme').length).toBeGreaterThan(0);
    expect(snippets.filter((s) => s.kind === 'example').length).toBeGreaterThan(0);
  });
  describe('type-check', () => {
    for (const m of typed) {
      it(m.snippet.id, () => {
        const errors = (diagnostics.get(m.path) ?? []).map((d) => located(m, d));
        if (errors.length > 0) throw new Error(errors.join('\n'));
      });
    }
  });
  describe('run', () => {
    for (const m of modules) {
      it(m.snippet.id, async () => {
        await import(m.path);
      });
    }
  });
});
