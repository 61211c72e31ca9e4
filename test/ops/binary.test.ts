/** src/ops/binary.ts: pow, maximum, minimum and clip, gradients and jit (rows in binary.cases.ts). */
import { rows } from './binary.cases.ts';
import { describeRows } from './rows.ts';

describeRows('binary', rows);
