/**
 * The batched outer product, the contracted-extent-1 matrix product that per-example weight gradients are
 * (xᵢᵀ·gᵢ inside vmap(grad)): a [...S, m, 1] times b [...S, 1, n] is [...S, m, n], every element a single
 * product. It is `mul` of those operands, element for element and rule for rule (its VJP is mul's), computed by
 * one kernel pass that reads a's column and b's row in place: no broadcast plan over the S·m rows of the output.
 */
import { type DType, type TypedArray, allocate, promote } from '../core/dtype.js';
import { noteFresh, recycled } from '../core/recycle.js';
import { shapeEqual, sizeOf } from '../core/shape.js';
import { type Tensor, fromData } from '../core/tensor.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { wasmOuter } from '../wasm/elementwise.js';
import { mul, mulNoNan } from './arith.js';
import { alignedForBroadcast } from './batching.js';
import { unbroadcast } from './structural.js';

/**
 * out[e, i, j] = a[e·m + i] · b[e·n + j] for e < batches, i < m, j < n: the reference loop, the product as
 * binaryKernels.mul writes it (one multiplication, rounded to out's dtype).
 */
const outerKernel = (a: TypedArray, b: TypedArray, out: TypedArray, batches: number, m: number, n: number): void => {
  for (let e = 0, o = 0; e < batches; e++) {
    for (let i = 0, ia = e * m; i < m; i++, ia++) {
      const x = a[ia]!;
      for (let j = 0, ib = e * n; j < n; j++, o++, ib++) out[o] = x * b[ib]!;
    }
  }
};

/** What an uninitialised allocation needs of Node's host objects: `allocUnsafeSlow` (absent in browsers). */
interface UnsafeBuffers {
  allocUnsafeSlow(bytes: number): Uint8Array;
}

/** The host as seen for one optional Node facility (the root imports no Node built-in; see wasm/host.ts). */
interface NodeHost {
  readonly Buffer?: unknown;
}

const isUnsafeBuffers = (b: unknown): b is UnsafeBuffers =>
  typeof b === 'function' && typeof Reflect.get(b, 'allocUnsafeSlow') === 'function';

/** Node's byte-buffer class when the host has one, else null (a browser: outputs are then zeroed arrays). */
const nodeBuffers: UnsafeBuffers | null = ((host: NodeHost) => (isUnsafeBuffers(host.Buffer) ? host.Buffer : null))(
  globalThis,
);

/** From this many elements an output is allocated uninitialised (below it, the zero fill costs next to nothing). */
const uninitialisedFrom = 1 << 14;

/**
 * A typed array of `length` elements for an output that the kernel overwrites entirely: a dead array of that size
 * when the caller's scope offers one (`fit({reuseArrays})`, see core/recycle.ts), kept as it is (no zero fill);
 * else on Node a buffer of its own (`allocUnsafeSlow`) whose memory is not zero-filled first, which for the
 * megabytes of a batch of per-example weight gradients spares the zero pass and lets malloc hand back memory
 * already paged in; in other hosts, or for small outputs, an ordinary zeroed array. Its every element must be
 * written before use.
 */
const overwritable = (dtype: DType, length: number): TypedArray => {
  const reused = recycled(dtype, length, false);
  if (reused !== undefined) return reused;
  if (nodeBuffers === null || length < uninitialisedFrom) return allocate(dtype, length);
  const wide = dtype === 'float64';
  const bytes = nodeBuffers.allocUnsafeSlow(length * (wide ? 8 : 4));
  const fresh = wide
    ? new Float64Array(bytes.buffer, bytes.byteOffset, length)
    : new Float32Array(bytes.buffer, bytes.byteOffset, length);
  noteFresh(fresh);
  return fresh;
};

/** a [...S, m, 1] · b [...S, 1, n] = [...S, m, n] on concrete tensors, in the promoted dtype. */
const computeOuter = (a: Tensor, b: Tensor): Tensor => {
  const lead = a.shape.slice(0, -2);
  const m = a.shape[a.shape.length - 2] ?? 0;
  const n = b.shape[b.shape.length - 1] ?? 0;
  const batches = sizeOf(lead);
  const out = overwritable(promote(a.dtype, b.dtype), batches * m * n); // both kernels write every element
  if (!wasmOuter(a.data, b.data, out, batches, m, n)) outerKernel(a.data, b.data, out, batches, m, n);
  return fromData([...lead, m, n], out);
};

/**
 * The primitive on operands that `isOuter` accepts. VJP (mul's, so derivatives keep their bits):
 * ∂a = Σⱼ g·b over the broadcast axis, ∂b = Σᵢ g·a, each a mulNoNan unbroadcast to the operand's shape.
 */
const outerPrim: Primitive<null> = {
  name: 'outerProduct',
  impl: ([a, b]) => computeOuter(need(a), need(b)),
  vjp: (g, node) => {
    const a = need(node.inputs[0]);
    const b = need(node.inputs[1]);
    return [
      node.needs(0) ? unbroadcast(mulNoNan(g, b), a.shape) : null,
      node.needs(1) ? unbroadcast(mulNoNan(g, a), b.shape) : null,
    ];
  },
  // mul's rule (the operands aligned with the batch in front), which stays an outer product when both are mapped.
  batch: ({ args, dims }) => {
    const [a, b] = alignedForBroadcast(args, dims);
    return [outerProduct(need(a), need(b)), 0];
  },
};

/** Whether a [...S, m, 1] and b [...S, 1, n] share S (rank ≥ 2): an outer product per index of S. */
const isOuter = (a: Tensor, b: Tensor): boolean => {
  const ra = a.shape.length;
  const rb = b.shape.length;
  return (
    ra >= 2 &&
    ra === rb &&
    a.shape[ra - 1] === 1 &&
    b.shape[rb - 2] === 1 &&
    shapeEqual(a.shape.slice(0, -2), b.shape.slice(0, -2))
  );
};

/**
 * outerProduct(a, b) = mul(a, b), the same values and derivatives: for a [...S, m, 1] and b [...S, 1, n] the
 * product out[..., i, j] = a[..., i, 0] · b[..., 0, j] in one kernel pass, for other shapes mul itself.
 */
export const outerProduct = (a: Tensor, b: Tensor): Tensor =>
  isOuter(a, b) ? bind(outerPrim, [a, b], null) : mul(a, b);
