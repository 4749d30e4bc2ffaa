import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fetchOrukServices } from '../directory/fetch-oruk-api.js';
import { DEFAULT_DIRECTORY_FILE, writeDirectoryFile } from '../directory/directory-file.js';
import { importRecords, importText, SOURCE_FORMATS, type ImportResult, type SourceFormat } from '../directory/import-directory.js';
import { formatImportIssue } from '../directory/import-issue.js';
import { DEFAULT_KIND_MAPPING_FILE, loadKindMapping } from '../directory/kind-mapping.js';
import { staleEntries, STALE_AFTER_DAYS } from '../directory/stale-entries.js';

const USAGE = `Usage: npm run directory:import -- <file|api-base-url> [options]
  --out <path>        where to write (default ${DEFAULT_DIRECTORY_FILE})
  --format <f>        ${SOURCE_FORMATS.join('|')} (default: sniffed)
  --mapping <path>    kind mapping (default ${DEFAULT_KIND_MAPPING_FILE})
  --sample            mark every feed record as sample data
  --list-only         from an API, use the /services list without fetching each full record
  --per-page <n>      API page size (default 100)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: DEFAULT_DIRECTORY_FILE },
      format: { type: 'string' },
      mapping: { type: 'string', default: DEFAULT_KIND_MAPPING_FILE },
      sample: { type: 'boolean', default: false },
      'list-only': { type: 'boolean', default: false },
      'per-page': { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  const source = positionals[0];
  if (values.help || !source) {
    console.log(USAGE);
    return source ? 0 : 2;
  }
  if (values.format && !(SOURCE_FORMATS as readonly string[]).includes(values.format)) {
    console.error(`--format must be one of ${SOURCE_FORMATS.join(', ')}`);
    return 2;
  }
  const format = values.format as SourceFormat | undefined;
  const options = { mapping: loadKindMapping(values.mapping), format, sample: values.sample };

  const started = performance.now();
  let result: ImportResult;
  let fetchFailures: string[] = [];
  if (/^https?:\/\//i.test(source)) {
    const fetched = await fetchOrukServices(source, { perPage: Number(values['per-page']), fullRecords: !values['list-only'] });
    if (fetched.status === 'fatal') return fail(fetched.reason);
    fetchFailures = fetched.failures.map((f) => `record ${f.id}: fetch: ${f.reason}`);
    result = importRecords(fetched.records, options);
  } else {
    result = importText(readFileSync(source, 'utf8'), options);
  }
  if (result.status === 'fatal') return fail(result.reason);

  const seconds = (performance.now() - started) / 1000;
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const skippedLines = [...fetchFailures, ...result.skipped.map(formatImportIssue)];
  if (skippedLines.length) {
    console.log(`Skipped (${skippedLines.length} problem(s)):`);
    for (const line of skippedLines) console.log(`  ${line}`);
  }
  console.log(
    `${result.format}: ${result.entries.length} of ${result.total} record(s) valid (${seconds.toFixed(2)} s).`,
  );
  if (result.entries.length === 0) return fail('nothing valid to write; the existing directory is unchanged');
  const stale = staleEntries(result.entries, new Date());
  if (stale.length) {
    console.warn(`warning: ${stale.length} entr${stale.length === 1 ? 'y was' : 'ies were'} last reviewed over ${STALE_AFTER_DAYS} days ago, or never; residents see the date, but please check: ${stale.slice(0, 10).map((e) => e.id).join(', ')}${stale.length > 10 ? ', …' : ''}`);
  }
  writeDirectoryFile(values.out, result.entries, source);
  console.log(`Wrote ${values.out}. A running bot picks it up on its next directory reload.`);
  return 0;
}

function fail(reason: string): number {
  console.error(`Import failed: ${reason}. Nothing was written.`);
  return 1;
}

process.exitCode = await main();
