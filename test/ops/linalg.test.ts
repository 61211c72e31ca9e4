/** src/ops/linalg.ts: matmul and dot, gradients and jit (rows in linalg.cases.ts). */
import { rows } from './linalg.cases.ts';
import { describeRows } from './rows.ts';

describeRows('linalg', rows);
