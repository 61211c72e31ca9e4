/**
 * Formulas typed by the user, parsed by mathjs into an AST and walked into gradfold ops: nothing is evaluated by
 * JavaScript (`eval`, `Function`), and every node mathjs can produce that the playground does not support is a
 * clear message, never an exception that breaks the page.
 */
import {
  type MathNode,
  isConstantNode,
  isFunctionNode,
  isOperatorNode,
  isParenthesisNode,
  create,
  isSymbolNode,
  parseDependencies,
} from 'mathjs';
import { type Tensor, abs, add, cos, div, exp, log, mul, neg, pow, sin, sqrt, sub, tanh } from 'gradfold';

/** The variables a formula may use. */
export interface Point<T> {
  readonly x: T;
  readonly y: T;
}

/** A loss f(x, y) compiled to gradfold ops (x and y as tensors or numbers). */
export type Loss = (p: Point<Tensor | number>) => Tensor | number;

/** The result of compiling: the loss, or a message for the user. */
export type Compiled =
  { readonly ok: true; readonly loss: Loss; readonly text: string } | { readonly ok: false; readonly message: string };

/** mathjs with only its parser (and what the parser needs), so the page does not ship the whole library. */
const math = create(parseDependencies === undefined ? {} : { parseDependencies });

type Unary = (a: Tensor | number) => Tensor;
const functions: Readonly<Record<string, Unary>> = { sin, cos, exp, log, sqrt, abs, tanh };
const constants: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };
const binary: Readonly<Record<string, (a: Tensor | number, b: Tensor | number) => Tensor>> = {
  '+': add,
  '-': sub,
  '*': mul,
  '/': div,
  '^': (a, b) => pow(a, b),
};

/** The names a user may call, listed in messages. */
export const knownFunctions: readonly string[] = Object.keys(functions);

/** A message for the user, thrown inside the walk and caught by `compile`. */
class FormulaError extends Error {}

/** toLoss(node): the AST as a function of (x, y); unsupported nodes throw a FormulaError while compiling. */
const toLoss = (node: MathNode): Loss => {
  if (isParenthesisNode(node)) return toLoss(node.content);
  if (isConstantNode(node)) {
    const value: unknown = node.value;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new FormulaError(`unsupported constant ${node.toString()}`);
    return () => value;
  }
  if (isSymbolNode(node)) {
    const name = node.name;
    if (name === 'x') return (p) => p.x;
    if (name === 'y') return (p) => p.y;
    const c = constants[name];
    if (c !== undefined) return () => c;
    throw new FormulaError(`unknown variable "${name}": use x and y (and the constants pi, e)`);
  }
  if (isOperatorNode(node)) {
    const op: string = node.op;
    const args = node.args.map(toLoss);
    const [a, b] = args;
    if (args.length === 1 && a !== undefined) {
      if (op === '-') return (p) => neg(a(p));
      if (op === '+') return a;
    }
    const f = binary[op];
    if (args.length === 2 && a !== undefined && b !== undefined && f !== undefined) return (p) => f(a(p), b(p));
    throw new FormulaError(`unsupported operator "${op}": use + - * / ^`);
  }
  if (isFunctionNode(node)) {
    const name = node.fn.name;
    const f = functions[name];
    if (f === undefined) throw new FormulaError(`unknown function "${name}": use ${knownFunctions.join(', ')}`);
    const args = node.args.map(toLoss);
    const [a] = args;
    if (args.length !== 1 || a === undefined) throw new FormulaError(`${name} takes one argument, got ${args.length}`);
    return (p) => f(a(p));
  }
  return fail(node);
};

const fail = (node: MathNode): never => {
  throw new FormulaError(`unsupported expression "${node.toString()}" (${node.type})`);
};

/** compile(text): the formula as a gradfold loss, or a message (syntax error, unknown name, unsupported node). */
export const compile = (text: string): Compiled => {
  if (text.trim() === '') return { ok: false, message: 'Type a formula in x and y, e.g. x^2 + y^2' };
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    return { ok: false, message: `Syntax error: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const loss = toLoss(node);
    return { ok: true, loss, text: node.toString() };
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, message: e.message };
    throw e;
  }
};
