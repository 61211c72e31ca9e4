/**
 * Vite config of the playground: `gradfold` resolves to the library's sources; relative asset paths for any static
 * host.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (file: string): string => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

export default defineConfig({
  base: './',
  resolve: {
    alias: [
      { find: /^gradfold$/, replacement: src('index.ts') },
      { find: /^gradfold\/report$/, replacement: src('report/index.ts') },
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
