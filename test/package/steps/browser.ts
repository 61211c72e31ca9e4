/**
 * Step 2(c): the root entry in a browser. esbuild bundles fixtures/browser-entry.js from inside the consumer
 * project (so 'gradfold' is the installed tarball) for the browser, with no shims or aliases for Node
 * built-ins; a local HTTP server serves it with fixtures/index.html to headless Chromium (playwright-core),
 * which must run it without a page error and report the expected numbers. A second bundle, a jitted Adam
 * step, is measured (minified and gzipped) for the README.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { type Checks, assert, kB } from '../harness.ts';

/** The Chromium binary (Debian's `chromium` package), or $CHROMIUM_PATH. */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** bundle(dir, entry): entry bundled for the browser as minified ESM, resolved from the consumer project `dir`. */
const bundle = async (dir: string, entry: string): Promise<string> => {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [join(dir, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const [out] = result.outputFiles;
  assert(out !== undefined, `esbuild wrote no output for ${entry}`);
  return out.text;
};

/** What the page reports in `window.__result`. */
interface PageResult {
  readonly error?: string;
  readonly info?: {
    readonly backend: string;
    readonly activeThreads: number;
    readonly wasmAvailable: boolean;
    readonly fusedMultiplyAdd?: boolean;
  };
  readonly crossOriginIsolated?: boolean;
  readonly checked?: readonly string[];
  readonly mismatches?: readonly string[];
  readonly maxUlps?: number;
  readonly gradient?: readonly number[];
  readonly w?: number;
  readonly steps?: number;
  readonly restoredW?: number;
}

/** serve(files): an HTTP server on 127.0.0.1 (a free port) serving the given paths' contents. */
const serve = async (files: Readonly<Record<string, string>>): Promise<Server> => {
  const types: Readonly<Record<string, string>> = { html: 'text/html', js: 'text/javascript' };
  const server = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : (req.url ?? '');
    const body = files[path];
    if (body === undefined) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': `${types[path.split('.').pop() ?? ''] ?? 'text/plain'}; charset=utf-8` })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

/**
 * runInChromium(html, js): loads the page in headless Chromium and returns `window.__result` and the errors it
 * logged.
 */
const runInChromium = async (html: string, js: string): Promise<{ result: PageResult; errors: string[] }> => {
  const server = await serve({ '/index.html': html, '/browser-bundle.js': js });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(`console error: ${m.text()}`)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(
      () => (globalThis as unknown as { __result?: unknown }).__result !== undefined,
      undefined,
      { timeout: 30_000 },
    );
    const result = await page.evaluate(() => (globalThis as unknown as { __result: PageResult }).__result);
    return { result, errors };
  } finally {
    await browser.close();
    server.close();
  }
};

/** browserChecks(checks, dir): bundles, runs in Chromium, measures; `dir` is the consumer project. */
export const browserChecks = async (checks: Checks, dir: string): Promise<void> => {
  let js: string | undefined;
  await checks.check("esbuild bundles 'gradfold' for the browser (platform browser, no Node shims)", async () => {
    js = await bundle(dir, 'browser-entry.js');
    assert(!/(?<![.\w$])process\s*\./.test(js), "the browser bundle reads Node's global `process`");
    assert(
      !/require\(["'](node:)?(fs|path|os|url|stream|crypto)["']\)/.test(js),
      'the browser bundle requires a Node built-in',
    );
  });
  await checks.check(
    'headless Chromium runs the bundle: ∇Σx² = [2, 4, 6], fit of y = 2x ends at w ≈ 2 (1e-3), ' +
      'checkpoint text round trip, no page errors',
    async () => {
      assert(
        existsSync(chromiumPath),
        `Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`,
      );
      assert(js !== undefined, 'no bundle to run (the bundling check failed)');
      const { result, errors } = await runInChromium(await readFile(join(dir, 'index.html'), 'utf8'), js);
      assert(errors.length === 0, errors.join('\n'));
      assert(result.error === undefined, `the page threw: ${result.error ?? ''}`);
      assert(JSON.stringify(result.gradient) === '[2,4,6]', `gradient in the page: ${JSON.stringify(result.gradient)}`);
      assert(result.w !== undefined && Math.abs(result.w - 2) <= 1e-3, `fit in the page ended at w = ${result.w}`);
      assert(result.steps === 100, `fit took ${result.steps} steps, expected 50 epochs × 2 batches = 100`);
      assert(result.restoredW === result.w, `checkpoint text round trip gave w = ${result.restoredW}, not ${result.w}`);
    },
  );
  await checks.check(
    'headless Chromium runs the WebAssembly kernels (one thread, no shared memory): ' +
      'bits equal the JavaScript reference, float32 exp/tanh within 1 ulp',
    async () => {
      const kernels = await bundle(dir, 'kernels-entry.js');
      const { result, errors } = await runInChromium(await readFile(join(dir, 'index.html'), 'utf8'), kernels);
      assert(errors.length === 0, errors.join('\n'));
      assert(result.error === undefined, `the page threw: ${result.error ?? ''}`);
      assert(
        result.info?.backend === 'wasm' && result.info.wasmAvailable,
        `the page computed on ${JSON.stringify(result.info)}`,
      );
      assert(
        result.info.activeThreads === 1 && result.crossOriginIsolated === false,
        'expected one thread in a page without isolation',
      );
      assert((result.checked?.length ?? 0) === 21, `checked ${JSON.stringify(result.checked)}`);
      assert(
        result.mismatches?.length === 0,
        `results that differ from the reference: ${JSON.stringify(result.mismatches)}`,
      );
      console.log(
        `    kernels in Chromium: ${result.checked?.length} computations equal to the reference; ` +
          `float32 transcendentals within ${result.maxUlps} ulp; ` +
          `float32 products ${result.info.fusedMultiplyAdd ? 'fused' : 'not fused'}`,
      );
    },
  );
  const sizes: string[] = [];
  await checks.check(
    'bundle sizes measured: a jitted Adam step (grad, jit, adam, ops) and the whole root, minified',
    async () => {
      for (const [what, entry] of [
        ['jitted Adam step (size-entry.js)', 'size-entry.js'],
        ["whole root (export * from 'gradfold')", 'root-all-entry.js'],
      ] as const) {
        const code = Buffer.from(await bundle(dir, entry));
        const gzip = gzipSync(code).length;
        sizes.push(`size: ${what}: ${kB(code.length)} minified, ${kB(gzip)} gzipped (${code.length} / ${gzip} bytes)`);
      }
    },
  );
  for (const line of sizes) console.log(`    ${line}`);
};
