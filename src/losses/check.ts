/** Shared argument checks of the losses. */
import { ShapeError, shapeEqual, showShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';

/** Losses compare like with like: prediction and target must have one shape (no silent broadcasting). */
export const sameShape = (op: string, pred: Tensor, target: Tensor): void => {
  if (!shapeEqual(pred.shape, target.shape)) {
    throw new ShapeError(
      op,
      `prediction of shape ${showShape(pred.shape)} and target of shape ${showShape(target.shape)} differ`,
    );
  }
};
