/**
 * Which stack frames are gradfold's own code, recognised by module URL (never by folder name, so a user's file
 * under a folder called `src/ops/` is the user's). This module knows its own URL: when its path ends in
 * `autodiff/own-frames.{ts,js,mjs}`, gradfold's modules are the tree two levels up (`src/` under tsx or vitest,
 * `dist/` in the package, plus the package's `src/`, where source-mapped `dist/` frames point); otherwise it was
 * bundled, and gradfold's frames are those of the bundle's file.
 */

/** The strings a frame of gradfold's own code contains (each a URL or a path, in the spellings stacks use). */
export type OwnCode = readonly string[];

/** A file URL's path as stacks print it: decoded, and on Windows with backslashes and without the leading `/`. */
const pathSpellings = (url: string): readonly string[] => {
  if (!url.startsWith('file:///')) return [];
  let path: string;
  try {
    path = decodeURIComponent(url.slice('file://'.length));
  } catch {
    return [];
  }
  if (!/^\/[A-Za-z]:\//.test(path)) return [path];
  const windows = path.slice(1);
  return [windows, windows.replaceAll('/', '\\')];
};

const selfPath = /autodiff\/own-frames\.(ts|js|mjs)$/;

/**
 * The prefixes of gradfold's frames given the URL of this module (`import.meta.url`): the source root (this
 * module's URL with `autodiff/own-frames.*` removed) and, for a `dist/` root, the package's `src/`; for any
 * other URL (a bundle), that file itself. Not a string (a bundler that drops `import.meta`): none.
 */
export const ownCodeAt = (moduleUrl: unknown): OwnCode => {
  if (typeof moduleUrl !== 'string' || moduleUrl === '') return [];
  const here = moduleUrl.replace(/[?#].*$/, '');
  const self = selfPath.exec(here);
  if (self === null || !here.endsWith(`/${self[0]}`)) return [here, ...pathSpellings(here)];
  const root = here.slice(0, here.length - self[0].length);
  const roots = root.endsWith('/dist/') ? [root, `${root.slice(0, -'dist/'.length)}src/`] : [root];
  return roots.flatMap((r) => [r, ...pathSpellings(r)]);
};

/** True when `frame` is in `own`: it contains a directory prefix, or a file's name followed by `:`, `?` or `)`. */
const isOwn = (frame: string, own: OwnCode): boolean =>
  own.some((p) => {
    if (p.endsWith('/') || p.endsWith('\\')) return frame.includes(p);
    for (let at = frame.indexOf(p); at >= 0; at = frame.indexOf(p, at + 1)) {
      if (/^[:?)#]/.test(frame.slice(at + p.length, at + p.length + 1))) return true;
    }
    return false;
  });

/**
 * The first frame of a stack (as `Error.prototype.stack` spells it: V8's `Error` line first, then `at …` lines;
 * or `fn@url:line:col` lines) that is neither gradfold's own (`own`) nor the host's (`node:`), without its
 * `at `; `''` when there is none.
 */
export const userFrame = (stack: string, own: OwnCode): string => {
  const lines = stack.split('\n');
  const frames = /^\s*at |@/.test(lines[0] ?? '') ? lines : lines.slice(1);
  const user = frames.find((f) => f.trim() !== '' && !f.includes('node:') && !isOwn(f, own));
  return (user ?? '').trim().replace(/^at /, '');
};

/** This module's `import.meta`, read structurally (the root entry's build declares no host types). */
const meta: { readonly url?: unknown } = import.meta;

/** gradfold's own code, from this module's URL. */
export const ownCode: OwnCode = ownCodeAt(meta.url);
