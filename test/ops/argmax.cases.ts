/** The rows of src/ops/argmax.ts's op: argmax has no derivative (its gradient is exactly zero). */
import * as g from '../../src/index.ts';
import type * as argmax from '../../src/ops/argmax.ts';
import { zeroGrad1 } from './arbitraries.ts';
import { type OpRows, unaryRow } from './rows.ts';

export const rows = {
  grad: { argmax: zeroGrad1((x) => g.argmax(x, { axis: 0 })) },
  jit: { argmax: unaryRow((x) => g.argmax(g.exp(x), { axis: 0 })) },
} satisfies OpRows<typeof argmax>;
