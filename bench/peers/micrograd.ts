/**
 * The "naive" reference: a micrograd-style scalar autodiff (Karpathy's micrograd, in TypeScript). Each value
 * is an object holding its number, its gradient and a closure that pushes its gradient to its children;
 * `backward` orders the graph topologically (iteratively, so that long chains do not overflow the stack) and
 * runs the closures in reverse. Gradients accumulate on the values, so they are zeroed before every pass.
 */

/** A scalar node of the graph. */
export class Value {
  grad = 0;
  backwardFn: () => void = () => {};
  constructor(
    public data: number,
    readonly children: readonly Value[] = [],
  ) {}

  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  sub(other: Value | number): Value {
    return this.add(other instanceof Value ? other.mul(-1) : -other);
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this]);
    out.backwardFn = () => {
      this.grad += (1 - t * t) * out.grad;
    };
    return out;
  }

  /** Sets every gradient of the graph below this node, then d(this)/d(node) into each node's `grad`. */
  backward(): void {
    const order: Value[] = [];
    const visited = new Set<Value>();
    const stack: [Value, boolean][] = [[this, false]];
    while (stack.length > 0) {
      const top = stack.pop();
      if (top === undefined) break;
      const [v, expanded] = top;
      if (expanded) {
        order.push(v);
        continue;
      }
      if (visited.has(v)) continue;
      visited.add(v);
      stack.push([v, true]);
      for (const c of v.children) if (!visited.has(c)) stack.push([c, false]);
    }
    for (const v of order) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i]?.backwardFn();
  }
}
