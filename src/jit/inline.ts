/**
 * The inline form of an op's scalar function in a generated program, derived from the function itself, so the
 * jit writes no formula of its own (core/kernels/binary.ts and unary.ts write each op's arithmetic once). A
 * long straight-line program calls hundreds of small functions and V8 stops inlining them past a budget, so an
 * op is spelled as an expression where its definition allows: a Math or Number function by its name
 * (`Math.exp(a)`), an arrow or function whose body is one expression over its parameters, Math, Number and
 * numbers (`(x, y) => x + y` gives `(a) + (b)`), read from its source text. Any other function (a block body, a
 * free variable, a string) stays a call of the hoisted constant: the same arithmetic either way, so the bits do
 * not depend on which form a program gets, only its speed.
 */

/** An op's expression over argument expressions (each a variable, a literal or a parenthesised expression). */
export type InlineForm = (args: readonly string[]) => string;

const identifier = String.raw`[A-Za-z_$][\w$]*`;
const paramList = String.raw`(${identifier}(?:\s*,\s*${identifier})*)?`;
const arrow = new RegExp(String.raw`^\(?\s*${paramList}\s*\)?\s*=>\s*([^{\s][\s\S]*)$`);
const classic = new RegExp(
  String.raw`^function\s*${identifier}?\s*\(\s*${paramList}\s*\)\s*\{\s*return\s+([\s\S]+?);?\s*\}$`,
);

/** Globals an expression may name, with their properties. */
const namespaces: Readonly<Record<string, object>> = { Math, Number };

/** Characters of an arithmetic expression: no strings, templates, brackets, braces, semicolons or regexes. */
const expressionCharacters = /^[\w$\s.+\-*/%()<>=!?:|&,^~]*$/;

/** An assignment: an `=` that is not part of `==`, `===`, `!=`, `<=`, `>=` or `=>`. */
const assignment = /(^|[^=!<>])=(?![=>])/;

/** The body's names are parameters, the namespaces, or properties of a namespace (read after a dot). */
const onlyKnownNames = (body: string, params: readonly string[]): boolean => {
  const names = new RegExp(`(\\.\\s*)?(${identifier})`, 'g');
  const withoutNumbers = body.replace(/\b\d+(?:\.\d*)?(?:e[+-]?\d+)?\b/gi, '0');
  for (const m of withoutNumbers.matchAll(names)) {
    const name = m[2] ?? '';
    if (m[1] !== undefined) {
      if (!Object.values(namespaces).some((ns) => Object.hasOwn(ns, name))) return false;
    } else if (!params.includes(name) && !Object.hasOwn(namespaces, name)) return false;
  }
  return true;
};

/** The form read from the source of a one-expression arrow or function, or undefined. */
const fromSource = (source: string): InlineForm | undefined => {
  const m = arrow.exec(source) ?? classic.exec(source);
  if (m === null) return undefined;
  const params = (m[1] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const body = (m[2] ?? '').trim();
  if (!expressionCharacters.test(body) || assignment.test(body) || !onlyKnownNames(body, params)) return undefined;
  const uses = new RegExp(`(\\.\\s*)?\\b(${identifier})\\b`, 'g');
  return (args) => {
    const of = (name: string): string => `(${args[params.indexOf(name)] ?? 'undefined'})`;
    return `(${body.replace(uses, (all: string, dot: string | undefined, name: string) =>
      dot === undefined && params.includes(name) ? of(name) : all,
    )})`;
  };
};

/** A Math or Number function by its own name there (`Math.exp`), or undefined. */
const fromNamespace = (f: unknown): InlineForm | undefined => {
  for (const [ns, value] of Object.entries(namespaces)) {
    for (const key of Object.getOwnPropertyNames(value)) {
      const arity = typeof f === 'function' ? f.length : 0;
      if (Reflect.get(value, key) === f) return (args) => `${ns}.${key}(${args.slice(0, arity).join(', ')})`;
    }
  }
  return undefined;
};

const forms = new WeakMap<object, InlineForm | null>();

/** The inline form of scalar function f (see the module's note), or undefined when it is called. */
export const inlineForm = (f: (...args: never[]) => unknown): InlineForm | undefined => {
  const known = forms.get(f);
  if (known !== undefined) return known ?? undefined;
  const form = fromNamespace(f) ?? fromSource(Function.prototype.toString.call(f));
  forms.set(f, form ?? null);
  return form;
};
