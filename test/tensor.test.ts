/** Tensor constructors, toArray/item, broadcasting, seeded randomness, trees. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import * as gt from '../src/testing.ts';

describe('constructors', () => {
  it('tensor from nested arrays and from flat data with a shape', () => {
    const a = g.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe('float64');
    expect(g.toArray(g.tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(g.tensor(Float32Array.of(1, 2)).dtype).toBe('float32');
    expect(g.tensor([1.5], { dtype: 'float32' }).data).toBeInstanceOf(Float32Array);
    expect(g.tensor([]).shape).toEqual([0]);
  });
  it('scalar, zeros, ones, full, eye, arange, linspace', () => {
    expect(g.scalar(3).shape).toEqual([]);
    expect(g.item(g.scalar(3))).toBe(3);
    expect(g.toArray(g.zeros([2]))).toEqual([0, 0]);
    expect(g.toArray(g.ones([1, 2], { dtype: 'float32' }))).toEqual([[1, 1]]);
    expect(g.toArray(g.full([2], 7))).toEqual([7, 7]);
    expect(g.toArray(g.eye(2, 3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(g.toArray(g.arange(4))).toEqual([0, 1, 2, 3]);
    expect(g.toArray(g.arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    expect(g.toArray(g.linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('toArray inverts tensor over random nested arrays', () => {
    fc.assert(
      fc.property(
        gt.shapeArb({ maxRank: 3 }).chain((s) => gt.tensorArb(s)),
        (t) => {
          const back = g.tensor(g.toArray(t), { shape: t.shape });
          return back.data.every((v, i) => v === t.data[i]);
        },
      ),
    );
  });
});

describe('broadcasting', () => {
  it('follows NumPy: align right, extents equal or 1', () => {
    expect(g.broadcastShapes('op', [2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(g.toArray(g.add(g.tensor([[1], [2]]), g.tensor([10, 20, 30])))).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(g.toArray(g.sub(g.tensor([[1, 2]]), g.tensor([[1], [2]])))).toEqual([
      [0, 1],
      [-1, 0],
    ]);
  });
  it('agrees with explicit broadcastTo on random compatible shapes', () => {
    fc.assert(
      fc.property(
        gt.broadcastShapesArb().chain(([a, b]) => fc.tuple(gt.tensorArb(a), gt.tensorArb(b))),
        ([a, b]) => {
          const shape = g.broadcastShapes('test', a.shape, b.shape);
          const direct = g.mul(a, b);
          const explicit = g.tensor(
            Array.from(g.broadcastTo(a, shape).data, (v, i) => v * (g.broadcastTo(b, shape).data[i] ?? NaN)),
            { shape },
          );
          return direct.data.every((v, i) => v === explicit.data[i]);
        },
      ),
    );
  });
});

describe('seeded randomness', () => {
  it('the same key gives the same numbers; split keys differ', () => {
    const k = g.key(42);
    expect(Array.from(g.normal(k, [5]).data)).toEqual(Array.from(g.normal(k, [5]).data));
    const [k1, k2] = g.split(k);
    expect(Array.from(g.uniform(k1 ?? k, [3]).data)).not.toEqual(Array.from(g.uniform(k2 ?? k, [3]).data));
    expect(g.foldIn(k, 3)).toEqual(g.split(k, 4)[3]);
  });
  it('uniform lies in [low, high); normal has about the right mean and spread', () => {
    const u = g.uniform(g.key(1), [10000], { low: -2, high: 3 });
    expect(u.data.every((v) => v >= -2 && v < 3)).toBe(true);
    const z = g.normal(g.key(2), [20000], { mean: 1, std: 2 });
    const m = g.item(g.mean(z));
    const sd = Math.sqrt(g.item(g.mean(g.square(g.sub(z, m)))));
    expect(Math.abs(m - 1)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
  it('permutation is a permutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 }), (seed, n) => {
        const p = Array.from(g.permutation(g.key(seed), n)).sort((a, b) => a - b);
        return p.every((v, i) => v === i);
      }),
    );
  });
});

describe('trees', () => {
  it('treeMap keeps structure and leaf kinds; leaves/unflatten round-trip', () => {
    const p = { w: g.tensor([1, 2]), layers: [{ b: 3 }, { b: g.scalar(4) }] };
    const doubled = g.treeMap(p, (l) => (typeof l === 'number' ? 2 * l : g.mul(l, 2)));
    expect(doubled.layers[0]?.b).toBe(6);
    expect(g.toArray(doubled.w)).toEqual([2, 4]);
    expect(g.leafPaths(p)).toEqual(['.w', '.layers[0].b', '.layers[1].b']);
    const back = g.unflatten(p, g.leaves(p));
    expect(back.layers[0]?.b).toBe(3);
  });
  it('treeZipWith refuses mismatched structures, naming the path', () => {
    // The second tree is deliberately ill-typed: the runtime check is what is under test.
    expect(() => g.treeZipWith({ a: 1, b: 2 }, { a: 1 } as unknown as { a: number; b: number }, (x) => x)).toThrow(
      /\.b is missing/,
    );
  });
});

describe('tree walks', () => {
  it('name the path of a mismatch deep inside a tree', () => {
    const a = {
      layers: [
        { w: 1, b: 2 },
        { w: 3, b: 4 },
      ],
    };
    // Deliberately ill-typed second tree: the runtime check is what is under test.
    const b = { layers: [{ w: 1, b: 2 }, { w: 3 }] } as unknown as typeof a;
    expect(() => g.treeZipWith(a, b, (x) => x)).toThrow(/structure mismatch: \.layers\[1\]\.b is missing/);
    const c: typeof a = { layers: [{ w: 1, b: 2 }] };
    expect(() => g.treeZipWith(a, c, (x) => x)).toThrow(/structure mismatch at \.layers: arrays of different lengths/);
  });
  it('give f the leaf path when it asks for one', () => {
    const paths: string[] = [];
    g.treeMap({ a: [1, { b: 2 }] }, (l, path) => {
      paths.push(path);
      return l;
    });
    expect(paths).toEqual(['.a[0]', '.a[1].b']);
  });
});
