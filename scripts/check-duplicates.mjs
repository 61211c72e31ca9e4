// Repeated blocks (jscpd, .jscpd.json: 6+ lines and 50+ tokens): fails when a pair of files holds more of them than
// .jscpd.json's `knownDuplicates` records. `node scripts/check-duplicates.mjs --update` records today's instead.
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
/** One key per pair of files (in name order), so that moving a block within its file changes nothing. */
const pairOf = (d) =>
  [d.firstFile.name, d.secondFile.name]
    .map((n) => relative(process.cwd(), n))
    .sort()
    .join(' <-> ');

const found = new Map();
for (const d of report.duplicates) {
  const key = pairOf(d);
  found.set(key, [...(found.get(key) ?? []), d]);
}
const config = JSON.parse(readFileSync(configFile, 'utf8'));
if (process.argv.includes('--update')) {
  const known = Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)).map(([k, ds]) => [k, ds.length]));
  const text = JSON.stringify({ ...config, knownDuplicates: known });
  writeFileSync(configFile, await format(text, { ...(await resolveConfig(configFile)), filepath: configFile }));
  console.log(`${configFile}: ${report.duplicates.length} known repeated blocks in ${found.size} pairs of files`);
  process.exit(0);
}
const known = config.knownDuplicates ?? {};
let fresh = 0;
for (const [key, ds] of found) {
  const allowed = known[key] ?? 0;
  if (ds.length <= allowed) continue;
  fresh += ds.length - allowed;
  console.log(`${key}: ${ds.length} repeated blocks, ${allowed} known`);
  for (const d of ds) console.log(`  ${d.lines} lines: ${at(d.firstFile)} = ${at(d.secondFile)}`);
}
const gone = Object.entries(known).filter(([key, n]) => (found.get(key)?.length ?? 0) < n).length;
console.log(
  `${report.duplicates.length} repeated blocks of ${config.minLines}+ lines, ${fresh} new` +
    (gone > 0 ? `; ${gone} pairs of files have fewer than known (record them with --update)` : ''),
);
if (fresh > 0) {
  console.log('Factor the new repeated blocks out (or, for a deliberate one, record it with --update).');
  process.exit(1);
}
