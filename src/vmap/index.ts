/** vmap's public names. */
export { type VmapOptions, type Mapped, type MappedArgument, vmap } from './vmap.js';
export type { AxisSpec } from './axes.js';
