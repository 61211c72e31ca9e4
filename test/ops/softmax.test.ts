/** src/ops/softmax.ts: softmax and logSoftmax, gradients and jit (rows in softmax.cases.ts). */
import { rows } from './softmax.cases.ts';
import { describeRows } from './rows.ts';

describeRows('softmax', rows);
