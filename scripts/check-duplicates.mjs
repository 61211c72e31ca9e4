// Repeated blocks (jscpd, .jscpd.json: 6+ lines and 50+ tokens, import statements aside): fails when a file takes
// part in more repeated blocks than .jscpd.json's `knownDuplicates` records for it; `--update` records today's.
// Counted per file, not per pair: jscpd pairs each copy with one other, so removing one of three copies re-pairs the
// other two without adding anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { format, resolveConfig } from 'prettier';

// jscpd 4's ES module build imports `colors/safe` without its extension, which Node refuses: load its CommonJS build.
const { jscpd } = createRequire(import.meta.url)('jscpd');

const configFile = '.jscpd.json';
const reportFile = 'out/jscpd/jscpd-report.json';

await jscpd([process.argv0, 'jscpd', '--config', configFile, '--reporters', 'json', '--output', 'out/jscpd']);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const at = (f) => `${relative(process.cwd(), f.name)}:${f.start}-${f.end}`;

/** The clones each file takes part in (a clone within one file counts twice there), by file name. */
const found = new Map();
for (const d of report.duplicates) {
  for (const f of [d.firstFile, d.secondFile]) {
    const key = relative(process.cwd(), f.name);
    found.set(key, [...(found.get(key) ?? []), d]);
  }
}
const config = JSON.parse(readFileSync(configFile, 'utf8'));
if (process.argv.includes('--update')) {
  const known = Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)).map(([k, ds]) => [k, ds.length]));
  const text = JSON.stringify({ ...config, knownDuplicates: known });
  writeFileSync(configFile, await format(text, { ...(await resolveConfig(configFile)), filepath: configFile }));
  console.log(`${configFile}: ${report.duplicates.length} known repeated blocks in ${found.size} files`);
  process.exit(0);
}
const known = config.knownDuplicates ?? {};
let over = 0;
for (const [key, ds] of found) {
  const allowed = known[key] ?? 0;
  if (ds.length <= allowed) continue;
  over += 1;
  console.log(`${key}: in ${ds.length} repeated blocks, ${allowed} known`);
  for (const d of ds) console.log(`  ${d.lines} lines: ${at(d.firstFile)} = ${at(d.secondFile)}`);
}
const gone = Object.entries(known).filter(([key, n]) => (found.get(key)?.length ?? 0) < n).length;
console.log(
  `${report.duplicates.length} repeated blocks of ${config.minLines}+ lines, ${over} files with more than known` +
    (gone > 0 ? `; ${gone} files have fewer than known (record that with --update)` : ''),
);
if (over > 0) {
  console.log('Factor the new repeated blocks out (or, for a deliberate one, record it with --update).');
  process.exit(1);
}
