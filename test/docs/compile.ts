/**
 * Type checking the snippets with the TypeScript compiler API: one compiler host whose parsed files are shared,
 * one program for the package's exports, one program for all the snippets (each its own virtual module).
 */
import ts from 'typescript';
import type { Entry } from './entries.ts';

/** A name a package entry exports, and whether it has a value (else it is a type and imported with `type`). */
export interface PublicName {
  /** The package name to import it from. */
  readonly from: string;
  /** True for values (functions, constants, classes), false for types and interfaces. */
  readonly isValue: boolean;
}

/** A module that exists only in memory: its absolute path and its text. */
export interface VirtualModule {
  readonly path: string;
  readonly text: string;
}

/** A diagnostic of one virtual module: the 1-based line in that module and the message with its code. */
export interface ModuleDiagnostic {
  readonly line: number;
  readonly message: string;
}

/** A compiler host that serves `files` from memory and parses every other file once, across programs. */
const cachingHost = (options: ts.CompilerOptions, files: ReadonlyMap<string, string>): ts.CompilerHost => {
  const base = ts.createCompilerHost(options, true);
  const parsed = new Map<string, ts.SourceFile>();
  return {
    ...base,
    fileExists: (f) => files.has(f) || base.fileExists(f),
    readFile: (f) => files.get(f) ?? base.readFile(f),
    getSourceFile: (f, language, onError) => {
      const text = files.get(f);
      if (text !== undefined) return ts.createSourceFile(f, text, language, true);
      const cached = parsed.get(f);
      if (cached !== undefined) return cached;
      const sf = base.getSourceFile(f, language, onError);
      if (sf !== undefined) parsed.set(f, sf);
      return sf;
    },
  };
};

/** A checker over tsconfig's options: what the entries export, and the diagnostics of a set of modules. */
export interface Compiler {
  /** Every name the entries export, the first entry that exports it winning. */
  readonly publicNames: () => ReadonlyMap<string, PublicName>;
  /** The syntactic and semantic diagnostics of each module, in one program. */
  readonly check: (modules: readonly VirtualModule[]) => ReadonlyMap<string, readonly ModuleDiagnostic[]>;
}

/** A compiler with the options `opts`; `entries` are the package's public doors, whose exports `publicNames` lists. */
export const compiler = (opts: ts.CompilerOptions, entries: readonly Entry[]): Compiler => {
  const files = new Map<string, string>();
  const host = cachingHost(opts, files);
  let last: ts.Program | undefined;
  /** A program over `roots`, reusing what the previous one parsed. */
  const program = (roots: readonly string[]): ts.Program => {
    last = ts.createProgram({
      rootNames: roots,
      options: opts,
      host,
      ...(last === undefined ? {} : { oldProgram: last }),
    });
    return last;
  };
  return {
    publicNames: () => {
      const p = program(entries.map((e) => e.file));
      const checker = p.getTypeChecker();
      const names = new Map<string, PublicName>();
      for (const e of entries) {
        const sf = p.getSourceFile(e.file);
        const mod = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
        for (const s of mod === undefined ? [] : checker.getExportsOfModule(mod)) {
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          if (!names.has(s.name))
            names.set(s.name, { from: e.name, isValue: (target.flags & ts.SymbolFlags.Value) !== 0 });
        }
      }
      return names;
    },
    check: (modules) => {
      files.clear();
      for (const m of modules) files.set(m.path, m.text);
      const p = program(modules.map((m) => m.path));
      const global = [...p.getOptionsDiagnostics(), ...p.getGlobalDiagnostics()];
      if (global.length > 0) throw new Error(ts.formatDiagnostics(global, host));
      return new Map(
        modules.map((m) => {
          const sf = p.getSourceFile(m.path);
          const ds = sf === undefined ? [] : [...p.getSyntacticDiagnostics(sf), ...p.getSemanticDiagnostics(sf)];
          return [m.path, ds.map((d) => diagnostic(sf, d))];
        }),
      );
    },
  };
};

/** A diagnostic's line in its file and its message, `TS<code>: <text>`. */
const diagnostic = (sf: ts.SourceFile | undefined, d: ts.Diagnostic): ModuleDiagnostic => ({
  line: sf === undefined || d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1,
  message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
});
