/** src/ops/layout.ts: slice, concat, stack, gather, takeAlongAxis, gradients and jit (rows in layout.cases.ts). */
import { rows } from './layout.cases.ts';
import { describeRows } from './rows.ts';

describeRows('layout', rows);
