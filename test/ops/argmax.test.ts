/** src/ops/argmax.ts: argmax's gradient (zero) and jit (rows in argmax.cases.ts). */
import { rows } from './argmax.cases.ts';
import { describeRows } from './rows.ts';

describeRows('argmax', rows);
