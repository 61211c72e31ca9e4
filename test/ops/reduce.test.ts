/** src/ops/reduce.ts: mean, max, min, prod, logSumExp, gradients and jit (rows in reduce.cases.ts). */
import { rows } from './reduce.cases.ts';
import { describeRows } from './rows.ts';

describeRows('reduce', rows);
