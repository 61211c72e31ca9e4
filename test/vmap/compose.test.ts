/**
 * vmap composed with the other transformations, each against the same computation done one example at a time:
 * per-example gradients vmap(grad(f)), the gradient through a vmap, vmap of vmap, jit of vmap and vmap of jit,
 * vmap of hessian and of jvp; and jacrev / jacfwd / hessian (built on vmap) against row-by-row references.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  customVjp,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  matmul,
  mean,
  mul,
  relu,
  sin,
  softmaxCrossEntropyOneHot,
  sum,
  tanh,
  tensor,
  transpose,
  valueAndGrad,
  vjp,
  vmap,
  where,
  greater,
  stopGradient,
  sqrt,
  exp,
  split,
  key,
  normal,
  stack,
  eye,
  type Key,
  uniform,
  foldIn,
  softmaxCrossEntropy,
} from '../../src/index.ts';
import { bits, bitsButZeroSign, loopOf, randomTensor, take } from './reference.ts';

const B = 5;
type Params = { w: Tensor; b: Tensor };
const params: Params = { w: randomTensor(1, [4, 3]), b: randomTensor(2, [3]) };
const xs = randomTensor(3, [B, 4]);
const ys = tensor(
  Array.from({ length: B * 3 }, (_, i) => (i % 3 === i % 2 ? 1 : 0)),
  { shape: [B, 3] },
);
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => softmaxCrossEntropyOneHot(add(matmul(x, p.w), p.b), y);

describe('vmap composes', () => {
  it('vmap(grad(f)): per-example gradients equal a loop of grad calls, bit for bit (up to the sign of zeros)', () => {
    const perExample = vmap((x: Tensor, y: Tensor) => grad((p: Params) => loss(p, x, y))(params))(xs, ys);
    const loop = Array.from({ length: B }, (_, i) =>
      grad((p: Params) => loss(p, take(xs, 0, i), take(ys, 0, i)))(params),
    );
    expect(bitsButZeroSign(perExample.w)).toEqual(bitsButZeroSign(stack(loop.map((g) => g.w))));
    expect(bits(perExample.b)).toEqual(bits(stack(loop.map((g) => g.b))));
  });

  it('vmap(grad(f)) with integer labels mapped (softmaxCrossEntropy, gather) equals the loop', () => {
    const labels = tensor([2, 0, 1, 1, 2]);
    const f = (p: Params, x: Tensor, l: Tensor) => softmaxCrossEntropy(add(matmul(x, p.w), p.b), l);
    const g = vmap((x: Tensor, l: Tensor) => grad((p: Params) => f(p, x, l))(params))(xs, labels);
    const loop = Array.from({ length: B }, (_, i) =>
      grad((p: Params) => f(p, take(xs, 0, i), take(labels, 0, i)))(params),
    );
    expect(bitsButZeroSign(g.w)).toEqual(bitsButZeroSign(stack(loop.map((l) => l.w))));
    expect(bitsButZeroSign(g.b)).toEqual(bitsButZeroSign(stack(loop.map((l) => l.b))));
    const losses = vmap((x: Tensor, l: Tensor) => f(params, x, l))(xs, labels);
    expect(bits(losses)).toEqual(
      bits(stack(Array.from({ length: B }, (_, i) => f(params, take(xs, 0, i), take(labels, 0, i))))),
    );
  });

  it('vmap(grad(f)) with parameters passed unmapped (inAxes null) and a number leaf mapped to a tensor', () => {
    const f = (p: { w: Tensor; s: Tensor }, x: Tensor) => sum(mul(p.s, tanh(matmul(x, p.w))));
    const g = vmap((p: { w: Tensor; s: number }, x: Tensor) => grad((q: { w: Tensor; s: Tensor }) => f(q, x))(p), {
      inAxes: [null, 0],
    })({ w: params.w, s: 0.5 }, xs);
    const loop = Array.from({ length: B }, (_, i) =>
      grad((q: { w: Tensor; s: Tensor }) => f(q, take(xs, 0, i)))({ w: params.w, s: 0.5 }),
    );
    expect(bits(g.w)).toEqual(bits(stack(loop.map((l) => l.w))));
    expect(bits(g.s)).toEqual(bits(tensor(loop.map((l) => l.s))));
  });

  it('grad(x ↦ sum(vmap(f)(x))) equals the gradient of the sum of f over the rows', () => {
    const f = (r: Tensor) => sum(mul(sin(r), relu(r)));
    const viaVmap = grad((x: Tensor) => sum(vmap(f)(x)))(xs);
    const viaLoop = grad((x: Tensor) =>
      Array.from({ length: B }, (_, i) => f(take(x, 0, i))).reduce<Tensor>((a, v) => add(a, v), tensor(0)),
    )(xs);
    expect(bits(viaVmap)).toEqual(bits(viaLoop));
    // and a parameter closed over by the vmapped function gets the sum of the examples' gradients
    const gw = grad((w: Tensor) => sum(vmap((x: Tensor) => tanh(matmul(x, w)))(xs)))(params.w);
    const gwLoop = grad((w: Tensor) => sum(tanh(matmul(xs, w))))(params.w);
    expect(Math.max(...Array.from(gw.data, (v, i) => Math.abs(v - (gwLoop.data[i] ?? NaN))))).toBeLessThan(1e-12);
  });

  it('vmap(vmap(f)): a pairwise kernel matrix equals the double loop', () => {
    const k = (d: Tensor) => exp(mul(-0.5, sum(mul(d, d))));
    const rbf = (a: Tensor, b: Tensor) => k(add(a, mul(-1, b)));
    const zs = randomTensor(4, [3, 4]);
    const pairwise = vmap((a: Tensor) => vmap((b: Tensor) => rbf(a, b))(zs))(xs);
    const loop = stack(
      Array.from({ length: B }, (_, i) =>
        stack(Array.from({ length: 3 }, (_, j) => rbf(take(xs, 0, i), take(zs, 0, j)))),
      ),
    );
    expect(bits(pairwise)).toEqual(bits(loop));
    // the inner batch along axis 1 of zsᵀ, the outer results along axis 1: the transposed matrix
    const swapped = vmap((a: Tensor) => vmap((b: Tensor) => rbf(a, b), { inAxes: 1 })(transpose(zs)), { outAxes: 1 })(
      xs,
    );
    expect(bits(swapped)).toEqual(bits(transpose(loop)));
  });

  it('jit(vmap(f)) and vmap(jit(f)) give vmap(f)’s bits', () => {
    const f = (x: Tensor, y: Tensor) => add(sum(where(greater(x, 0), mul(x, x), tanh(x)), { axis: 0 }), sum(y));
    const eager = vmap(f, { inAxes: [1, null] })(xs, ys);
    expect(bits(jit(vmap(f, { inAxes: [1, null] }))(xs, ys))).toEqual(bits(eager));
    expect(bits(jit(vmap(f, { inAxes: [1, null] }))(xs, ys))).toEqual(bits(eager)); // the compiled program
    expect(bits(vmap(jit(f), { inAxes: [1, null] })(xs, ys))).toEqual(bits(eager));
    const g = (x: Tensor) => grad((p: Params) => loss(p, x, take(ys, 0, 0)))(params).w;
    expect(bits(jit(vmap(g))(xs))).toEqual(bits(vmap(g)(xs)));
  });

  it('vmap(hessian(f)) equals a loop of hessian calls', () => {
    const f = (x: Tensor) => sum(mul(tanh(x), mul(x, x)));
    expect(bits(vmap(hessian(f))(xs))).toEqual(bits(loopOf((x) => hessian(f)(x), [xs], [0], 0, B)));
  });

  it('vmap(jvp): directional derivatives of each example along its own tangent', () => {
    const f = (x: Tensor) => mul(sin(x), x);
    const vs = randomTensor(5, [B, 4]);
    const got = vmap((x: Tensor, v: Tensor) => jvp(f, x, v)[1])(xs, vs);
    expect(bits(got)).toEqual(bits(loopOf((x, v) => jvp(f, x, v)[1], [xs, vs], [0, 0], 0, B)));
  });

  it('vmap of valueAndGrad with aux, of vjp, of a customVjp rule and of stopGradient', () => {
    const f = (p: Params, x: Tensor): readonly [Tensor, Tensor] => {
      const z = matmul(x, p.w);
      return [sum(mul(z, z)), stopGradient(z)];
    };
    const [[lossB, auxB], gB] = vmap((x: Tensor) => valueAndGrad((p: Params) => f(p, x), { hasAux: true })(params))(xs);
    const loop = Array.from({ length: B }, (_, i) =>
      valueAndGrad((p: Params) => f(p, take(xs, 0, i)), { hasAux: true })(params),
    );
    expect(bits(lossB)).toEqual(bits(stack(loop.map((l) => l[0][0]))));
    expect(bits(auxB)).toEqual(bits(stack(loop.map((l) => l[0][1]))));
    expect(bits(gB.w)).toEqual(bits(stack(loop.map((l) => l[1].w))));
    const clipped = customVjp(
      (x: Tensor) => sqrt(mul(x, x)),
      (g, [x]) => [mul(g, tanh(x))],
    );
    const gc = vmap(grad((x: Tensor) => sum(clipped(x))))(xs);
    expect(bits(gc)).toEqual(bits(loopOf((x) => grad((z: Tensor) => sum(clipped(z)))(x), [xs], [0], 0, B)));
    const pulled = vmap((x: Tensor, u: Tensor) => vjp((z: Tensor) => mul(z, z), x)[1](u))(xs, xs);
    expect(bits(pulled)).toEqual(
      bits(loopOf((x, u) => vjp((z: Tensor) => mul(z, z), x)[1](u), [xs, xs], [0, 0], 0, B)),
    );
  });

  it('grad of a vmapped per-example loss equals the batched loss’s gradient', () => {
    const perExample = (p: Params) => mean(vmap((x: Tensor, y: Tensor) => loss(p, x, y))(xs, ys));
    const batched = (p: Params) => mean(vmap((x: Tensor, y: Tensor) => loss(p, x, y))(xs, ys));
    const direct = (p: Params) =>
      mean(stack(Array.from({ length: B }, (_, i) => loss(p, take(xs, 0, i), take(ys, 0, i)))));
    const g1 = grad(perExample)(params);
    const g2 = grad(direct)(params);
    expect(Math.max(...Array.from(g1.w.data, (v, i) => Math.abs(v - (g2.w.data[i] ?? NaN))))).toBeLessThan(1e-14);
    expect(bits(grad(batched)(params).w)).toEqual(bits(g1.w));
  });

  it('random keys: vmap over split(key, n) draws with each example’s own key, as outside vmap', () => {
    const keys = split(key(7), B);
    const noisy = vmap((k: Key, x: Tensor) => {
      const [k1 = k, k2 = k] = split(k);
      return add(add(x, normal(k1, [4])), uniform(foldIn(k2, 3), [4], { low: -1, high: 1 }));
    })(keys, xs);
    const loop = stack(
      keys.map((k, i) => {
        const [k1 = k, k2 = k] = split(k);
        return add(add(take(xs, 0, i), normal(k1, [4])), uniform(foldIn(k2, 3), [4], { low: -1, high: 1 }));
      }),
    );
    expect(bits(noisy)).toEqual(bits(loop));
    // one unmapped key: every example draws the same numbers
    const same = vmap((k: Key, x: Tensor) => add(x, normal(k, [4])), { inAxes: [null, 0] })(key(1), xs);
    expect(bits(same)).toEqual(bits(add(xs, normal(key(1), [4]))));
    expect(() => vmap((k: Key) => normal(k, [2]), { inAxes: 1 })(keys)).toThrow('map it along axis 0');
  });
});

describe('Jacobians on top of vmap', () => {
  const f = (x: Tensor) =>
    tanh(
      matmul(
        tensor([
          [1, 2, 0.5],
          [0.3, -1, 2],
        ]),
        mul(x, x),
      ),
    );
  const x0 = tensor([0.3, -0.7, 1.1]);
  /** Row by row: one pullback per output element (what jacrev did before vmap). */
  const rowsRef = (g: (x: Tensor) => Tensor, x: Tensor): Tensor => {
    const [y, pull] = vjp(g, x);
    const n = y.data.length;
    return stack(
      Array.from({ length: n }, (_, r) =>
        pull(
          tensor(
            Array.from({ length: n }, (_, k) => (k === r ? 1 : 0)),
            { shape: y.shape },
          ),
        ),
      ),
    );
  };
  /** Column by column: one jvp per input element. */
  const colsRef = (g: (x: Tensor) => Tensor, x: Tensor): Tensor => {
    const n = x.data.length;
    return stack(
      Array.from(
        { length: n },
        (_, c) =>
          jvp(
            g,
            x,
            tensor(
              Array.from({ length: n }, (_, k) => (k === c ? 1 : 0)),
              { shape: x.shape },
            ),
          )[1],
      ),
      { axis: 1 },
    );
  };
  it('jacrev equals the rows of one pullback per output element', () => {
    expect(bits(jacrev(f)(x0))).toEqual(bits(rowsRef(f, x0)));
  });
  it('jacfwd equals the columns of one jvp per input element', () => {
    expect(bits(jacfwd(f)(x0))).toEqual(bits(colsRef(f, x0)));
  });
  it('hessian equals jvp columns of the gradient, and jacrev of a tree input keeps its blocks', () => {
    const h = (x: Tensor) => sum(mul(exp(mul(0.3, x)), mul(x, x)));
    expect(bits(hessian(h)(x0))).toEqual(bits(colsRef((x) => grad(h)(x), x0)));
    const j = jacrev((p: { a: Tensor; b: Tensor }) => mul(p.a, sum(p.b)))({ a: x0, b: tensor([[1, 2]]) });
    expect(j.a.shape).toEqual([3, 3]);
    expect(j.b.shape).toEqual([3, 1, 2]);
    expect(bits(j.a)).toEqual(bits(rowsRef((a) => mul(a, 3), x0)));
    expect(bits(jacrev((x: Tensor) => mul(x, 2))(eye(2)))).toEqual(
      bits(
        tensor(
          Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 2 : 0)),
          { shape: [2, 2, 2, 2] },
        ),
      ),
    );
  });
});

describe('no loop over examples', () => {
  it('a vmapped per-example gradient records one program whatever the batch size (jit counts the statements)', () => {
    const statements = (n: number): number => {
      let source = '';
      const perExample = jit(
        vmap((x: Tensor, l: Tensor) => grad((p: Params) => softmaxCrossEntropy(add(matmul(x, p.w), p.b), l))(params)),
        {
          onTrace: (s) => {
            source = s;
          },
        },
      );
      perExample(randomTensor(n, [n, 4]), tensor(Array.from({ length: n }, (_, i) => i % 3)));
      return source.split('\n').length;
    };
    const small = statements(2);
    expect(small).toBeGreaterThan(10);
    expect(statements(64)).toBe(small);
  });
});
