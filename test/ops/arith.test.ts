/** src/ops/arith.ts: broadcasting arithmetic, where and comparisons, gradients and jit (rows in arith.cases.ts). */
import { rows } from './arith.cases.ts';
import { describeRows } from './rows.ts';

describeRows('arith', rows);
