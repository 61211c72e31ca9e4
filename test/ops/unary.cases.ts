/** The rows of src/ops/unary.ts's ops: elementwise functions of one tensor. */
import * as g from '../../src/index.ts';
import type * as unary from '../../src/ops/unary.ts';
import { unaryGrad } from './arbitraries.ts';
import { type OpRows, unaryRow } from './rows.ts';

export const rows = {
  grad: {
    exp: unaryGrad(g.exp, { min: -2, max: 2 }),
    log: unaryGrad(g.log, { min: 0.2, max: 3 }),
    log1p: unaryGrad(g.log1p, { min: -0.6, max: 3 }),
    expm1: unaryGrad(g.expm1, { min: -2, max: 2 }),
    sin: unaryGrad(g.sin),
    cos: unaryGrad(g.cos),
    tanh: unaryGrad(g.tanh),
    sigmoid: unaryGrad(g.sigmoid, { min: -5, max: 5 }),
    softplus: unaryGrad(g.softplus, { min: -5, max: 5 }),
    relu: unaryGrad(g.relu, { awayFrom: [0] }),
    leakyRelu: unaryGrad((x) => g.leakyRelu(x, 0.1), { awayFrom: [0] }),
    sqrt: unaryGrad(g.sqrt, { min: 0.2, max: 3 }),
    square: unaryGrad(g.square),
    abs: unaryGrad(g.abs, { awayFrom: [0] }),
    sign: unaryGrad(g.sign, { awayFrom: [0] }),
  },
  jit: {
    exp: unaryRow(g.exp),
    log: unaryRow(g.log),
    log1p: unaryRow(g.log1p),
    expm1: unaryRow(g.expm1),
    sin: unaryRow(g.sin),
    cos: unaryRow(g.cos),
    tanh: unaryRow(g.tanh),
    sigmoid: unaryRow(g.sigmoid),
    softplus: unaryRow(g.softplus),
    relu: unaryRow(g.relu),
    leakyRelu: unaryRow((x) => g.leakyRelu(x, 0.1)),
    sqrt: unaryRow(g.sqrt),
    square: unaryRow(g.square),
    abs: unaryRow(g.abs),
    sign: unaryRow(g.sign),
  },
} satisfies OpRows<typeof unary>;
