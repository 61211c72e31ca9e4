/** vmap's errors: each names the argument, the path and the values at fault. */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  GradfoldError,
  ShapeError,
  ArgumentError,
  add,
  item,
  mul,
  sum,
  tensor,
  vmap,
  zeros,
} from '../../src/index.ts';

const x = zeros([3, 2]);
const y = zeros([4, 2]);

describe('vmap refuses', () => {
  it('mapped sizes that differ, naming both arguments, their paths, axes and sizes', () => {
    const f = (p: { a: Tensor; b: Tensor }) => add(p.a, p.b);
    expect(() => vmap(f)({ a: x, b: y })).toThrow(ShapeError);
    expect(() => vmap(f)({ a: x, b: y })).toThrow(
      'argument 1 at .a has 3 along axis 0, argument 1 at .b has 4 along axis 0',
    );
    expect(() => vmap(add, { inAxes: [0, 1] })(x, y)).toThrow(
      'argument 1 has 3 along axis 0, argument 2 has 2 along axis 1',
    );
  });
  it('an axis out of range, naming it, the argument and the rank', () => {
    expect(() => vmap((a: Tensor) => a, { inAxes: 2 })(x)).toThrow(
      'axis 2 for argument 1 is out of range for a tensor of rank 2',
    );
    expect(() => vmap((a: Tensor) => a, { outAxes: 3 })(x)).toThrow(
      'axis 3 for the output of f is out of range for a tensor of rank 2',
    );
    expect(() => vmap((p: { w: Tensor }) => p.w, { inAxes: [{ w: -3 }] })({ w: x })).toThrow(
      'axis -3 for argument 1 at .w is out of range',
    );
  });
  it('no mapped argument at all', () => {
    expect(() => vmap((a: Tensor) => a, { inAxes: null })(x)).toThrow('no argument is mapped');
    expect(() => vmap(() => 1)()).toThrow(ArgumentError);
  });
  it('a mapped number, and axes that do not fit the arguments or the output', () => {
    expect(() => vmap((a: number) => a)(3)).toThrow('argument 1 is a number, which has no axis 0 to map');
    expect(() => vmap((p: { w: Tensor }) => p.w, { inAxes: [{ v: 0 }] })({ w: x })).toThrow(
      'name the key v, which the value lacks',
    );
    expect(() => vmap((a: Tensor) => [a, a], { outAxes: [0] })(x)).toThrow(
      'the axes for the output of f are an array of 1',
    );
    expect(() => vmap((a: Tensor) => ({ s: a }), { outAxes: { t: 0 } })(x)).toThrow('name the key t');
    expect(() => vmap((a: Tensor) => a, { outAxes: null })(x)).toThrow(
      'outAxes is null for the output of f, but it differs between examples',
    );
    expect(() => vmap((a: Tensor, b: Tensor) => add(a, b), { inAxes: [0] })(x, x)).toThrow(
      'inAxes has 1 entries for 2 argument(s)',
    );
  });
  it('reading a mapped value’s elements inside f, and a mapped value that escapes', () => {
    expect(() => vmap((a: Tensor) => item(sum(a)))(x)).toThrow('the elements of a mapped value were read inside vmap');
    let leaked: Tensor = x;
    vmap((a: Tensor) => {
      leaked = a;
      return a;
    })(x);
    expect(() => mul(leaked, 2)).toThrow(GradfoldError);
  });
  it('unknown options and a non-function', () => {
    // @ts-expect-error an unknown option
    expect(() => vmap((a: Tensor) => a, { inAxis: 0 })).toThrow('unknown option inAxis');
    // @ts-expect-error not a function
    expect(() => vmap(3)).toThrow(ArgumentError);
  });
  it('leaves unmapped outputs broadcast along the batch, and null out axes keep them', () => {
    const [a, c] = vmap((v: Tensor) => [sum(v), tensor([7, 8])] as const, { outAxes: [0, null] })(x);
    expect(a.shape).toEqual([3]);
    expect(Array.from(c.data)).toEqual([7, 8]);
    const k = vmap((v: Tensor) => ({ v, n: 2 }))(x);
    expect(k.n.shape).toEqual([3]);
  });
});
