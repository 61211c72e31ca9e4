/**
 * The command-line shell shared by the examples (the examples' own code is in `run`; this only runs it).
 *
 *   npx tsx examples/<name>.ts [--quick] [--json] [--out <dir>] [--no-charts]
 *
 * Human-readable lines go to stdout as the example runs; charts go to out/<name>/ (SVG files and an
 * index.html); with --json the last line of stdout is one JSON object of the example's key results.
 */
import { pathToFileURL } from 'node:url';
import { writeReport } from 'gradfold/node';
import { type Chart } from 'gradfold/report';

/** What every example's `run` accepts. */
export interface ExampleOptions {
  /** A smaller, faster run (for tests and the demo). */
  readonly quick?: boolean;
  /** Where progress lines go (default: nowhere, so a test that imports `run` stays quiet). */
  readonly log?: (line: string) => void;
}

/** What every example's `run` returns. */
export interface ExampleResult<J> {
  /** The key results, as plain JSON data (printed by --json). */
  readonly results: J;
  /** One line for the demo's summary table: final parameters or accuracy, and the final loss. */
  readonly summary: { readonly result: string; readonly loss: number };
  readonly charts: readonly Chart[];
}

/** Plain JSON data. */
export type Json = number | string | boolean | null | readonly Json[] | { readonly [k: string]: Json };

const flag = (args: readonly string[], name: string): boolean => args.includes(name);

const valueOf = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** True when `moduleUrl` is the script node was started with. */
export const isMain = (moduleUrl: string): boolean => {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === moduleUrl;
};

/**
 * main(moduleUrl, name, run): when the module is the script being run, parses the flags, runs the example with
 * logging to stdout, writes its charts, and prints the JSON line last with --json.
 */
export const main = <J extends Json>(
  moduleUrl: string,
  name: string,
  run: (o: ExampleOptions) => ExampleResult<J> | Promise<ExampleResult<J>>,
): void => {
  if (!isMain(moduleUrl)) return;
  const args = process.argv.slice(2);
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const go = async (): Promise<void> => {
    const result = await run({ quick: flag(args, '--quick'), log });
    if (!flag(args, '--no-charts') && result.charts.length > 0) {
      const written = await writeReport(valueOf(args, '--out') ?? `out/${name}`, {
        title: `gradfold example: ${name}`,
        charts: result.charts,
      });
      log(`charts: ${written.index}`);
    }
    if (flag(args, '--json')) log(JSON.stringify(result.results));
  };
  go().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
};
