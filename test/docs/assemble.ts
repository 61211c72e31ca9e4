/**
 * Turning a snippet into a module: an `@example` gets an import line for each public name (and prelude value)
 * it uses without declaring; a README block is taken as it is. The same text is type-checked and run.
 */
import { relative } from 'node:path';
import ts from 'typescript';
import type { PublicName } from './compile.ts';
import type { Snippet } from './extract.ts';

/** A snippet as a module: its path, its text, and how many lines precede the snippet's. */
export interface SnippetModule {
  readonly snippet: Snippet;
  /** The absolute path the module is checked and written under. */
  readonly path: string;
  /** The module's text: the auto-imports, the snippet, `export {};`. */
  readonly text: string;
  /** The lines added before the snippet's first line (the auto-imports). */
  readonly header: number;
}

/** What the assembly needs to know: the public names, the prelude's names and its path, the output folder. */
export interface AssemblyContext {
  readonly publicNames: ReadonlyMap<string, PublicName>;
  readonly preludeNames: ReadonlySet<string>;
  readonly preludeFile: string;
  readonly outDir: string;
}

/** The names a statement declares at the top level of a module. */
const declaredBy = (s: ts.Statement): string[] => {
  /** The names a binding pattern binds, nested patterns included. */
  const bindings = (n: ts.BindingName): string[] =>
    ts.isIdentifier(n) ? [n.text] : n.elements.flatMap((e) => (ts.isBindingElement(e) ? bindings(e.name) : []));
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => bindings(d.name));
  if (ts.isImportDeclaration(s)) {
    const c = s.importClause;
    const named = c?.namedBindings;
    const names =
      named === undefined
        ? []
        : ts.isNamespaceImport(named)
          ? [named.name.text]
          : named.elements.map((e) => e.name.text);
    return [...(c?.name === undefined ? [] : [c.name.text]), ...names];
  }
  const named =
    ts.isFunctionDeclaration(s) ||
    ts.isClassDeclaration(s) ||
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    ts.isEnumDeclaration(s);
  return named && s.name !== undefined ? [s.name.text] : [];
};

/** False for an identifier that names a property, a member or an import/export specifier rather than a binding. */
const isReference = (node: ts.Identifier): boolean => {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p)) return p.expression === node;
  if (ts.isQualifiedName(p)) return p.left === node;
  if (ts.isBindingElement(p)) return p.propertyName !== node;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) return false;
  const member =
    ts.isPropertyAssignment(p) ||
    ts.isPropertySignature(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isMethodSignature(p);
  return !(member && p.name === node);
};

/** The identifiers `code` uses that it does not declare at its top level. */
export const freeNames = (code: string): Set<string> => {
  const sf = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true);
  const declared = new Set(sf.statements.flatMap(declaredBy));
  const used = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n) && !declared.has(n.text)) used.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return used;
};

/** The import lines an `@example` needs: its free public names, grouped by package name, then its prelude values. */
const autoImports = (code: string, ctx: AssemblyContext): string[] => {
  const free = [...freeNames(code)].sort();
  const byPackage = new Map<string, string[]>();
  for (const name of free) {
    const pub = ctx.publicNames.get(name);
    if (pub === undefined || ctx.preludeNames.has(name)) continue;
    byPackage.set(pub.from, [...(byPackage.get(pub.from) ?? []), pub.isValue ? name : `type ${name}`]);
  }
  const lines = [...byPackage].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`);
  const prelude = free.filter((n) => ctx.preludeNames.has(n));
  if (prelude.length > 0)
    lines.push(`import { ${prelude.join(', ')} } from '${specifier(ctx.outDir, ctx.preludeFile)}';`);
  return lines;
};

/** A relative import specifier from a module in `fromDir` to `file`. */
const specifier = (fromDir: string, file: string): string => {
  const rel = relative(fromDir, file).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

/** The file name of a snippet's module: its id with every run of other characters than letters and digits as `_`. */
const moduleName = (s: Snippet): string =>
  `${s.id.replace(/[^A-Za-z0-9]+/g, '_')}.${s.language === 'js' ? 'mjs' : 'ts'}`;

/** The modules of a snippet. Each ends with `export {}` so that even a snippet without imports is a module. */
export const assemble = (s: Snippet, ctx: AssemblyContext): SnippetModule => {
  const header = s.kind === 'example' ? autoImports(s.code, ctx) : [];
  return {
    snippet: s,
    path: `${ctx.outDir}/${moduleName(s)}`,
    text: [...header, s.code, 'export {};', ''].join('\n'),
    header: header.length,
  };
};
