/**
 * The playground in a real browser (issue 16, item 4): builds the site with Vite, serves out/site on 127.0.0.1
 * from a small static server, and drives Debian's Chromium (playwright-core, headless). It types a loss, sets
 * the start by clicking the contour plot, runs 20 steps of GD, momentum and Adam, and checks the path the page
 * exposes (each row's `data-path`) against the same 20 steps computed here in Node with gradfold, written
 * independently of the page's formula parser (to 1e-9). A syntax error must show a message and leave the page
 * working; a screenshot (out/site-test/playground.png) must show the contours and every path's colour; the
 * page must fit 375 px. The time per step of six optimizers is logged, not asserted.
 *
 * Run: `npm run test:site` (prints `N passed, M failed`; exits 1 on a failure). `--docs` also writes
 * docs/playground.png, the README's screenshot.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { build } from 'vite';
import {
  type GradientTransformation,
  type Tensor,
  adam,
  add,
  applyUpdates,
  item,
  momentum,
  mul,
  scalar,
  sgd,
  square,
  sub,
  valueAndGrad,
} from 'gradfold';
import { Checks, assert, repoRoot } from '../package/harness.ts';

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
const siteOut = join(repoRoot, 'out/site');
const shotDir = join(repoRoot, 'out/site-test');
const writeDocs = process.argv.includes('--docs');

/** The three optimizers compared, with the learning rates the test types into the page. */
const compared = [
  { id: 'gd', lr: 0.05, path: (start: readonly [number, number], n: number) => nodePath(sgd({ lr: 0.05 }), start, n) },
  {
    id: 'momentum',
    lr: 0.01,
    path: (start: readonly [number, number], n: number) => nodePath(momentum({ lr: 0.01, momentum: 0.9 }), start, n),
  },
  { id: 'adam', lr: 0.1, path: (start: readonly [number, number], n: number) => nodePath(adam({ lr: 0.1 }), start, n) },
];
const formula = '(x-1)^2 + 10*(y+2)^2';

/** The same loss written with gradfold ops directly (not through the page's parser). */
const bowl = (p: { readonly x: Tensor; readonly y: Tensor }): Tensor =>
  add(square(sub(p.x, 1)), mul(10, square(add(p.y, 2))));

/** nodePath(opt, start, n): n steps of `opt` on `bowl` from `start`, eagerly in Node. */
const nodePath = <K>(
  opt: GradientTransformation<K>,
  start: readonly [number, number],
  n: number,
): [number, number][] => {
  let params = { x: scalar(start[0]), y: scalar(start[1]) };
  let state = opt.init(params);
  const path: [number, number][] = [[start[0], start[1]]];
  for (let i = 0; i < n; i++) {
    const [, g] = valueAndGrad(bowl)(params);
    const [updates, next] = opt.update(g, state, params);
    params = applyUpdates(params, updates);
    state = next;
    path.push([item(params.x), item(params.y)]);
  }
  return path;
};

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** serve(dir): a static file server for `dir` on 127.0.0.1 (a free port). */
const serve = async (dir: string): Promise<Server> => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    const file = join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

/** What these checks read of a DOM element (this file is compiled without the DOM library, so `Element` is unknown). */
interface ElementView {
  readonly id: string;
  getAttribute(name: string): string | null;
}

/** paths(page): each optimizer's path as the page exposes it. */
const paths = async (page: Page): Promise<Record<string, number[][]>> => {
  const rows = await page.$$eval('#paths tbody tr', (trs: readonly ElementView[]) =>
    trs.map((r) => [r.getAttribute('data-optimizer') ?? '', r.getAttribute('data-path') ?? '[]']),
  );
  return Object.fromEntries(
    rows.map(([id, text]) => {
      const parsed: unknown = JSON.parse(text ?? '[]');
      const ok =
        Array.isArray(parsed) &&
        parsed.every((p): p is number[] => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number'));
      assert(ok, `${id}: data-path is not a list of [x, y]: ${text}`);
      return [id ?? '', parsed];
    }),
  );
};

/** selectOnly(page, ids, lrs): ticks exactly these optimizers and types their learning rates. */
const selectOnly = async (page: Page, lrs: Readonly<Record<string, number>>): Promise<void> => {
  const all = await page.$$eval('#optimizers input[type=checkbox]', (boxes: readonly ElementView[]) =>
    boxes.map((b) => b.id.replace(/^opt-/, '')),
  );
  for (const id of all) {
    await page.setChecked(`#opt-${id}`, id in lrs);
    const lr = lrs[id];
    if (lr !== undefined) {
      await page.fill(`#lr-${id}`, String(lr));
      await page.dispatchEvent(`#lr-${id}`, 'change');
    }
  }
};

/** colours(png, box): distinct colours in a region, and how many pixels are near each of the given colours. */
const colours = (
  png: PNG,
  box: { x: number; y: number; width: number; height: number },
  targets: readonly string[],
) => {
  const seen = new Set<number>();
  const near = targets.map(() => 0);
  const rgb = targets.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  for (let y = Math.floor(box.y); y < Math.min(png.height, box.y + box.height); y++) {
    for (let x = Math.floor(box.x); x < Math.min(png.width, box.x + box.width); x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
      seen.add((r << 16) | (g << 8) | b);
      rgb.forEach((t, k) => {
        if (Math.abs(r - (t[0] ?? 0)) + Math.abs(g - (t[1] ?? 0)) + Math.abs(b - (t[2] ?? 0)) < 40)
          near[k] = (near[k] ?? 0) + 1;
      });
    }
  }
  return { distinct: seen.size, near };
};

const main = async (): Promise<number> => {
  const checks = new Checks();
  await checks.check(
    'Vite builds the site into out/site (static files only)',
    async () => {
      await build({ root: join(repoRoot, 'site'), logLevel: 'warn', build: { outDir: siteOut, emptyOutDir: true } });
      assert(existsSync(join(siteOut, 'index.html')), 'no out/site/index.html');
      const html = readFileSync(join(siteOut, 'index.html'), 'utf8');
      assert(html.includes('src="./assets/'), 'asset paths are not relative (base ./)');
    },
    { fatal: true },
  );
  assert(
    existsSync(chromiumPath),
    `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
  const server = await serve(siteOut);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(`console error: ${m.text()}`)));

    await checks.check('the page loads, draws its charts and reports no error', async () => {
      await page.goto(url);
      await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
      assert(errors.length === 0, errors.join('\n'));
    });

    let start: [number, number] = [0, 0];
    await checks.check(
      `typed loss ${formula}, start set by a click on the plot, ` +
        "20 steps of GD, momentum, Adam match Node's gradfold to 1e-9",
      async () => {
        await page.selectOption('#schedule', 'constant');
        await selectOnly(page, Object.fromEntries(compared.map((c) => [c.id, c.lr])));
        await page.fill('#formula', formula);
        await page.press('#formula', 'Enter');
        const box = await page.locator('#contour').boundingBox();
        assert(box !== null, 'no contour canvas');
        await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.3);
        start = [Number(await page.inputValue('#start-x')), Number(await page.inputValue('#start-y'))];
        assert(
          Math.abs(start[0] - (-3 + 0.2 * 7)) < 0.05 && Math.abs(start[1] - (1 - 0.3 * 5.5)) < 0.05,
          `the click set the start to ${String(start)}`,
        );
        await page.locator('body').focus();
        for (let i = 0; i < 10; i++) await page.keyboard.press('s'); // the keyboard shortcut
        for (let i = 0; i < 10; i++) await page.click('#step'); // the button
        const shown = await paths(page);
        assert(Object.keys(shown).sort().join() === 'adam,gd,momentum', `paths shown: ${Object.keys(shown).join()}`);
        for (const c of compared) {
          const got = shown[c.id] ?? [];
          const want = c.path(start, 20);
          assert(got.length === 21, `${c.id}: ${got.length} points, expected 21`);
          const worst = Math.max(...want.flatMap((p, i) => p.map((v, k) => Math.abs(v - (got[i]?.[k] ?? Number.NaN)))));
          assert(worst <= 1e-9, `${c.id}: largest difference from Node ${worst}`);
        }
        assert(errors.length === 0, errors.join('\n'));
      },
    );

    await checks.check(
      'a syntax error and an unknown function show a message; the page keeps working; a valid formula then runs',
      async () => {
        await page.fill('#formula', '(x-1)^^2 +');
        await page.press('#formula', 'Enter');
        const message = page.locator('#formula-message');
        assert(
          (await message.getAttribute('class'))?.includes('error') === true,
          'the message is not marked as an error',
        );
        assert(/syntax error/i.test((await message.textContent()) ?? ''), `message: ${await message.textContent()}`);
        await page.fill('#formula', 'foo(x) + y');
        await page.press('#formula', 'Enter');
        assert(
          /unknown function "foo"/.test((await message.textContent()) ?? ''),
          `message: ${await message.textContent()}`,
        );
        await page.click('#step');
        assert(
          ((await paths(page))['gd'] ?? []).length === 22,
          'stepping after the error did not extend the previous run',
        );
        await page.fill('#formula', 'x^2 + y^2');
        await page.press('#formula', 'Enter');
        assert(
          !((await message.getAttribute('class')) ?? '').includes('error'),
          `still an error: ${await message.textContent()}`,
        );
        for (let i = 0; i < 5; i++) await page.click('#step');
        const gd = (await paths(page))['gd'] ?? [];
        const [sx, sy] = start;
        const want = [sx * 0.9 ** 5, sy * 0.9 ** 5]; // GD on x² + y² with η = 0.05: each step multiplies by 0.9
        assert(
          gd.length === 6 &&
            Math.abs((gd[5]?.[0] ?? 0) - (want[0] ?? 0)) < 1e-12 &&
            Math.abs((gd[5]?.[1] ?? 0) - (want[1] ?? 0)) < 1e-12,
          `GD on x² + y²: ${JSON.stringify(gd[5])}`,
        );
        assert(errors.length === 0, errors.join('\n'));
      },
    );

    await checks.check('Play runs six optimizers (time per step logged) and the Space shortcut pauses', async () => {
      await page.selectOption('#preset', 'bowl');
      await selectOnly(page, { gd: 0.05, momentum: 0.01, nesterov: 0.01, rmsprop: 0.05, adam: 0.1, adagrad: 0.5 });
      await page.click('#play');
      await page.waitForTimeout(2000);
      await page.locator('body').focus();
      await page.keyboard.press(' ');
      const steps = Number(((await page.textContent('#step-count')) ?? '').replace(/\D/g, ''));
      const ms = Number(await page.getAttribute('#perf', 'data-step-ms'));
      const first = Number(await page.getAttribute('#perf', 'data-first-step-ms'));
      console.log(
        `    time per step of six optimizers in Chromium: ${(ms * 1000).toFixed(1)} µs ` +
          `(mean over ${steps - 1} played steps; the first, which traces the six jit programs, ` +
          `took ${first.toFixed(1)} ms); a frame is 16 667 µs`,
      );
      assert(steps >= 30, `only ${steps} steps in 2 s of play`);
      await page.waitForTimeout(300);
      const after = Number(((await page.textContent('#step-count')) ?? '').replace(/\D/g, ''));
      assert(after === steps, `still playing after Space: ${steps} → ${after}`);
      assert(errors.length === 0, errors.join('\n'));
    });

    await checks.check(
      'the fitting panels play: the quadratic mini-batch run stops early below 1e-5, ' +
        'the linear runs use their 300 updates, the rate changes while running',
      async () => {
        await page.waitForSelector('body[data-fitting-ready=true]', { timeout: 30_000 });
        await page.click('#quad-play');
        await page.click('#lin-play');
        await page.fill('#lin-lr', '0.05'); // while it runs
        await page.dispatchEvent('#lin-lr', 'input');
        await page.waitForFunction(
          "/mini-batch: \\d+ steps, epoch \\d+, early stop/.test(document.getElementById('quad-status').textContent)",
          undefined,
          { timeout: 30_000 },
        );
        await page.waitForFunction(
          "document.getElementById('lin-status').textContent.split('budget done').length === 4",
          undefined,
          { timeout: 30_000 },
        );
        await page.click('#quad-play'); // pause SGD, still running
        const quad = (await page.textContent('#quad-status')) ?? '';
        console.log(`    quadratic: ${quad}`);
        console.log(`    linear: ${(await page.textContent('#lin-status')) ?? ''}`);
        const drawn = await page.locator('#quad-chart svg path, #lin-chart svg path').count();
        assert(drawn >= 6, `only ${drawn} paths in the fitting charts`);
        assert(errors.length === 0, errors.join('\n'));
      },
    );

    await checks.check('the screenshot (out/site-test/playground.png) shows contours and every path', async () => {
      mkdirSync(shotDir, { recursive: true });
      const file = join(shotDir, 'playground.png');
      await page.evaluate('window.scrollTo(0, 0)');
      const buffer = await page.screenshot({ path: file, fullPage: true });
      const png = PNG.sync.read(buffer);
      const box = await page.locator('#contour').boundingBox();
      assert(box !== null, 'no contour canvas');
      const pathColours = ['#1f77b4', '#ff7f0e', '#17becf', '#9467bd', '#d62728', '#2ca02c'];
      const { distinct, near } = colours(png, box, pathColours);
      assert(distinct >= 20, `only ${distinct} colours in the plot: blank?`);
      near.forEach((n, k) => assert(n >= 20, `path colour ${pathColours[k]} covers only ${n} pixels`));
      if (writeDocs) {
        // The README's picture: the controls and the plot at 1100 px (smaller file), light mode.
        await page.setViewportSize({ width: 1100, height: 900 });
        await page.waitForTimeout(300);
        const plot = await page.locator('.plot').boundingBox();
        assert(plot !== null, 'no plot');
        await page.screenshot({
          path: join(repoRoot, 'docs/playground.png'),
          clip: { x: 0, y: 0, width: 1100, height: Math.min(900, plot.y + plot.height + 12) },
        });
        await page.setViewportSize({ width: 1400, height: 1000 });
      }
    });

    await checks.check('at 375 px wide the page fits without horizontal scrolling, in dark mode too', async () => {
      const narrow = await browser.newPage({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
      await narrow.goto(url);
      await narrow.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
      const width = Number(await narrow.evaluate('document.documentElement.scrollWidth'));
      const bg = String(await narrow.evaluate('getComputedStyle(document.documentElement).backgroundColor'));
      await narrow.close();
      assert(width <= 375, `the page is ${width} px wide at 375`);
      assert(bg === 'rgb(13, 17, 23)', `dark background not applied: ${bg}`);
    });
  } finally {
    await browser.close();
    server.close();
  }
  console.log(checks.summary());
  return checks.failures.length === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
