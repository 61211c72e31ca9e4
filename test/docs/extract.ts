/**
 * Finding the documentation's code where it lives: the ```ts blocks of the READMEs and the `@example` tags of
 * the doc comments in src/, read from the files at test time (never retyped copies).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One piece of documented code, where it was found, and what kind of place that is. */
export interface Snippet {
  /** `file:line`, the file relative to the repository root, the line of the fence or of the `@example` tag. */
  readonly id: string;
  /** The file, relative to the repository root, with forward slashes. */
  readonly file: string;
  /** The 1-based line of the snippet's first line of code in that file. */
  readonly firstLine: number;
  /** The code (a README block without its fence's indentation), without trailing blank lines. */
  readonly code: string;
  /** A README block (which must import what it uses) or a doc comment's `@example` (auto-imported). */
  readonly kind: 'readme' | 'example';
  /** TypeScript (type-checked, then run) or plain JavaScript (a README's ```js block: run as it is). */
  readonly language: 'ts' | 'js';
}

/** The files under `dir` (relative to `root`, forward slashes), recursively, sorted, skipping node_modules. */
const walk = (root: string, dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(root, rel);
      return e.isFile() ? [rel] : [];
    });

/** The lines without trailing blank lines. */
const trimEnd = (lines: readonly string[]): string[] => {
  const out = [...lines];
  while (out.length > 0 && (out[out.length - 1] ?? '').trim() === '') out.pop();
  return out;
};

/** The ```ts, ```typescript, ```js and ```javascript blocks of a Markdown text, each with the line of its fence. */
export const fencedBlocks = (file: string, text: string): Snippet[] => {
  const lines = text.split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript|js|javascript)\s*$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const indent = open[1] ?? '';
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? '')) {
      const line = lines[j] ?? '';
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
      j++;
    }
    const language = open[2] === 'js' || open[2] === 'javascript' ? 'js' : 'ts';
    found.push({
      id: `${file}:${i + 1}`,
      file,
      firstLine: i + 2,
      code: trimEnd(body).join('\n'),
      kind: 'readme',
      language,
    });
    i = j;
  }
  return found;
};

/** A doc comment's lines with the comment syntax removed (`/**`, the leading ` * `, the closing `*\/`). */
const commentLines = (comment: string): string[] =>
  comment.split('\n').map((raw, i, all) => {
    let line = i === all.length - 1 ? raw.replace(/\s*\*\/$/, '') : raw;
    if (i === 0) return line.replace(/^\/\*\*\s?/, '');
    line = line.replace(/^\s*\*(?: |$)/, '');
    return line;
  });

/** The `@example` tags of a TypeScript source's doc comments; an example ends at the next tag or the comment's end. */
export const docExamples = (file: string, text: string): Snippet[] => {
  const found: Snippet[] = [];
  for (const m of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, m.index).split('\n').length;
    const lines = commentLines(m[0]);
    for (let i = 0; i < lines.length; i++) {
      const tag = /^\s*@example\b ?(.*)$/.exec(lines[i] ?? '');
      if (tag === null) continue;
      const sameLine = (tag[1] ?? '').trim() !== '';
      const body = sameLine ? [tag[1] ?? ''] : [];
      let j = i + 1;
      while (j < lines.length && !/^\s*@\w/.test(lines[j] ?? '')) body.push(lines[j++] ?? '');
      const firstLine = startLine + i + (sameLine ? 0 : 1);
      found.push({
        id: `${file}:${startLine + i}`,
        file,
        firstLine,
        code: trimEnd(body).join('\n'),
        kind: 'example',
        language: 'ts',
      });
      i = j - 1;
    }
  }
  return found;
};

/** Every snippet of the repository at `root`: README.md's and src/**\/README.md's blocks, src/**\/*.ts's examples. */
export const findSnippets = (root: string): Snippet[] => {
  const src = walk(root, 'src');
  const readmes = ['README.md', ...src.filter((f) => f.endsWith('/README.md'))];
  const sources = src.filter((f) => f.endsWith('.ts'));
  const read = (f: string): string => readFileSync(join(root, f), 'utf8');
  return [...readmes.flatMap((f) => fencedBlocks(f, read(f))), ...sources.flatMap((f) => docExamples(f, read(f)))];
};
