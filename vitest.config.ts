import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The package's public names resolve to the sources, as tsconfig.json's `paths` do for tsc and tsx. */
const src = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^gradfold$/, replacement: src('index.ts') },
      { find: /^gradfold\/node$/, replacement: src('node.ts') },
      { find: /^gradfold\/report$/, replacement: src('report/index.ts') },
      { find: /^gradfold\/testing$/, replacement: src('testing.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
