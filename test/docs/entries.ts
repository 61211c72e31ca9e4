/**
 * The package's public names and the source files they stand for, as tsconfig.json's `paths` map them (for
 * tsc; vitest.config.ts's `resolve.alias` maps them the same way for the runs).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

/** The names snippets import from, in the order auto-imports prefer them. */
export const PACKAGE_NAMES = ['gradfold', 'gradfold/node', 'gradfold/report', 'gradfold/testing'] as const;

/** One public name and its source file. */
export interface Entry {
  /** The package name, e.g. `gradfold/report`. */
  readonly name: string;
  /** The absolute path of the source file it resolves to. */
  readonly file: string;
}

/** tsconfig.json's compiler options, parsed as tsc parses them. */
export const readCompilerOptions = (root: string): ts.CompilerOptions => {
  const path = resolve(root, 'tsconfig.json');
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, path).options;
};

/** The entry of each package name: its `paths` target in tsconfig.json; throws when one is missing. */
export const packageEntries = (root: string, options: ts.CompilerOptions): Entry[] =>
  PACKAGE_NAMES.map((name) => {
    const target = options.paths?.[name]?.[0];
    const file = target === undefined ? undefined : resolve(root, target);
    if (file === undefined || !existsSync(file))
      throw new Error(`tsconfig.json's paths map ${name} to no existing file`);
    return { name, file };
  });
