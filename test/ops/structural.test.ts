/** src/ops/structural.ts: sum, broadcastTo, reshape, transpose, expandDims, squeeze (rows in structural.cases.ts). */
import { rows } from './structural.cases.ts';
import { describeRows } from './rows.ts';

describeRows('structural', rows);
