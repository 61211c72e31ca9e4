/** Small typed DOM helpers: elements by id checked against their class (no casts), and element creation. */

/** byId(id, type): the element with this id, checked to be a `type`; throws if missing (a page bug). */
export const byId = <T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T => {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return el;
};

/** make(tag, props, children): a new element with properties and children. */
export const make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<'className' | 'textContent' | 'id' | 'htmlFor' | 'type' | 'value' | 'title', string>> = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  Object.assign(el, props);
  el.append(...children);
  return el;
};

/** fmt(v): a number for display. */
export const fmt = (v: number): string =>
  Number.isFinite(v)
    ? Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(3)
      : v.toFixed(4)
    : String(v);
