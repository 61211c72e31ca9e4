/**
 * The shared prelude of the doc-comment examples: values an `@example` may use without defining them (the
 * harness imports those it uses and does not declare). Kept small: an example that can define what it uses
 * in a line or two does so instead. A README block never uses the prelude: it is what users copy.
 */
import { type Batch, type Tensor, dataset, mse, mul, tensor } from 'gradfold';

/** `data`: four examples on the line y = 2x (features of shape [4], labels of shape [4]). */
export const data = dataset(tensor([0, 1, 2, 3]), tensor([0, 2, 4, 6]));

/** `loss(p, batch)`: the mean squared error of y ≈ w·x on a batch, for parameters `{ w }`. */
export const loss = (p: { w: Tensor }, batch: Batch): Tensor => mse(mul(batch.x, p.w), batch.y);
