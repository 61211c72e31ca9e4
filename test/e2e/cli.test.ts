/**
 * The command line of the examples: `npx tsx examples/<name>.ts --quick --json --no-charts` prints, as its last
 * line, one JSON object with the example's key results.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(() => rmSync('out/test-cli-one-weight', { recursive: true, force: true }));

const runExample = (name: string, ...flags: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...flags], {
    encoding: 'utf8',
    timeout: 60_000,
  });

const lastJson = (stdout: string): unknown => JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '');

/** Vitest's matchers, typed as what they are to these tests: a value to compare against. */
const near = (value: number, digits: number): unknown => expect.closeTo(value, digits);
const anArray: unknown = expect.any(Array);

describe('examples on the command line', () => {
  it('sgd-line: human lines, then the JSON results last', () => {
    const out = runExample('sgd-line', '--quick', '--json', '--no-charts');
    expect(out).toContain('predict(4) = 4');
    expect(lastJson(out)).toMatchObject({
      predictBefore: 4,
      w: near(2, 3),
      predictAfter: near(8, 3),
    });
  });

  it('optimizers: the six paths as JSON', () => {
    const json = lastJson(runExample('optimizers', '--json', '--no-charts'));
    expect(json).toMatchObject({ paths: { 'batch GD': anArray, Adam: anArray } });
  });

  it('quadratic-fit: a, b, c for both variants', () => {
    const json = lastJson(runExample('quadratic-fit', '--quick', '--json', '--no-charts'));
    expect(json).toMatchObject({
      minibatch: { a: near(2, 2), b: near(-4, 2), c: near(3, 2) },
    });
  });

  it('without --json the last line is not JSON, and --out writes the charts there', () => {
    const out = runExample('one-weight', '--out', 'out/test-cli-one-weight');
    expect(() => lastJson(out)).toThrow();
    expect(out).toContain('charts: out/test-cli-one-weight/index.html');
  });
});
