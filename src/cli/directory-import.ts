import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { postcodeAreaSchema, settingsFileSchema } from '../content/content-schema.js';
import { DEFAULT_DIRECTORY_FILE, writeDirectoryFile } from '../directory/directory-file.js';
import { fetchOrukServices, type FetchApiOptions } from '../directory/fetch-oruk-api.js';
import { loadGeoData } from '../directory/geo-data.js';
import { importBytes, importRecords, MAX_FILE_BYTES, SOURCE_FORMATS, type ImportOptions, type ImportResult, type SourceFormat } from '../directory/import-directory.js';
import { outcomesCsv, summariseImport } from '../directory/import-summary.js';
import { DEFAULT_KIND_MAPPING_FILE, loadKindMapping } from '../directory/kind-mapping.js';
import { staleEntries, STALE_AFTER_DAYS } from '../directory/stale-entries.js';
import { toUsageError, UsageError } from './usage-error.js';

const USAGE = `Usage: npm run directory:import -- <file or ORUK API base URL> [options]
  --out <path>         where to write (default ${DEFAULT_DIRECTORY_FILE})
  --dry-run            check and summarise; write nothing
  --report <file.csv>  one row per service: imported or skipped, kinds, every fix and problem
  --area <list>        postcode areas/districts served, e.g. DN15,DN16 (default: council_area in content/settings.yaml)
  --map <mapping>      spreadsheet columns, "name=Family hub name,postcode=Postcode", or a YAML file of the same
  --format <f>         ${SOURCE_FORMATS.join('|')} (default: worked out from the file)
  --mapping <path>     kinds and audiences (default ${DEFAULT_KIND_MAPPING_FILE})
  --sample             mark every service as sample data
  APIs: --concurrency <n> (8), --per-page <n> (100), --timeout <seconds> (15), --retries <n> (4), --list-only,
        --cache <dir> (.directory-import-cache: a second run after an interruption fetches only what is missing)`;

const OPTIONS = {
  out: { type: 'string' },
  'dry-run': { type: 'boolean' },
  report: { type: 'string' },
  area: { type: 'string' },
  map: { type: 'string' },
  format: { type: 'string' },
  mapping: { type: 'string' },
  sample: { type: 'boolean' },
  'list-only': { type: 'boolean' },
  'per-page': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  cache: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    args = parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw toUsageError(error);
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const source = positionals[0];
  if (!source) throw new UsageError('give a file or an ORUK API base URL to import');
  if (positionals.length > 1) throw new UsageError(`one source at a time (got ${positionals.join(', ')})`);
  if (values.format && !(SOURCE_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${SOURCE_FORMATS.join(', ')}`);
  }

  const options: ImportOptions = {
    mapping: loadKindMapping(values.mapping ?? DEFAULT_KIND_MAPPING_FILE),
    sample: values.sample ?? false,
    councilArea: values.area !== undefined ? readAreaOption(values.area) : readCouncilArea(),
    geo: loadGeoData(),
    ...(values.format ? { format: values.format as SourceFormat } : {}),
    ...(values.map ? { columns: readColumnMap(values.map) } : {}),
  };
  const started = performance.now();
  const result = /^https?:\/\//i.test(source) ? await importFromApi(source, values, options) : importFromFile(source, options);
  if (result.status === 'fatal') return fail(result.reason);
  const seconds = (performance.now() - started) / 1000;

  for (const warning of result.warnings) console.log(`Note: ${warning}`);
  for (const line of summariseImport(result.outcomes)) console.log(line);
  console.log(`\n${result.format}: ${result.entries.length} of ${result.total} services ready (${seconds.toFixed(2)} s).`);
  if (!options.councilArea?.length) {
    console.log('Note: no council_area is set, so services without a venue are offered to residents anywhere. Set it in content/settings.yaml or with --area.');
  }
  const stale = staleEntries(result.entries, new Date());
  if (stale.length) console.log(`Note: ${stale.length} services were last reviewed over ${STALE_AFTER_DAYS} days ago, or never; residents see the date.`);
  if (values.report) {
    writeFileSync(values.report, outcomesCsv(result.outcomes));
    console.log(`Wrote the report to ${values.report}.`);
  }
  if (result.entries.length === 0) return fail('no service could be imported');
  if (values['dry-run']) {
    console.log('Dry run: nothing was written.');
    return 0;
  }
  const out = values.out ?? DEFAULT_DIRECTORY_FILE;
  writeDirectoryFile(out, result.entries, source);
  console.log(`Wrote ${out}. A running bot picks it up on its next directory reload.`);
  return 0;
}

function importFromFile(path: string, options: ImportOptions): ImportResult {
  if (!existsSync(path)) return { status: 'fatal', reason: `there is no file ${path}` };
  if (statSync(path).isDirectory()) return { status: 'fatal', reason: `${path} is a folder; give the feed file inside it` };
  if (statSync(path).size > MAX_FILE_BYTES) {
    return { status: 'fatal', reason: `${path} is ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB a directory feed can be` };
  }
  return importBytes(readFileSync(path), { ...options, json: /\.json$/i.test(path) });
}

async function importFromApi(url: string, values: { [k: string]: string | boolean | undefined }, options: ImportOptions): Promise<ImportResult> {
  const number = (name: string, fallback: number, max: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    const min = name === 'retries' ? 0 : 1;
    if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const progress = createProgressBar();
  const fetchOptions: FetchApiOptions = {
    perPage: number('per-page', 100, 1000),
    concurrency: number('concurrency', 8, 64),
    timeoutMs: number('timeout', 15, 300) * 1000,
    retries: number('retries', 4, 10),
    fullRecords: values['list-only'] !== true,
    cacheDir: typeof values.cache === 'string' ? values.cache : '.directory-import-cache',
    onProgress: progress.update,
  };
  const fetched = await fetchOrukServices(url, fetchOptions);
  progress.done();
  if (fetched.status === 'fatal') return fetched;
  if (fetched.fromCache) console.log(`${fetched.fromCache} service details came from the cache of an earlier run.`);
  const result = importRecords(fetched.records, options);
  if (result.status !== 'done' || !fetched.failures.length) return result;
  const failures = fetched.failures.slice(0, 10).map((f) => `could not fetch the detail of ${f.id}: ${f.reason}`);
  const more = fetched.failures.length > 10 ? [`...and ${fetched.failures.length - 10} more details could not be fetched`] : [];
  return { ...result, warnings: [...failures, ...more, ...result.warnings] };
}

/** "\r[#####-----] 412/1000 details" on a terminal; nothing when output is piped. */
function createProgressBar() {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update: ({ phase, done, total }: { phase: string; done: number; total: number }) => {
      if (!tty || (Date.now() - last < 100 && done < total)) return;
      last = Date.now();
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${phase === 'list' ? 'pages' : 'services'}  `);
    },
    done: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}

function readAreaOption(raw: string): string[] {
  const parsed = z.array(postcodeAreaSchema).safeParse(raw.split(/[\s,;]+/).filter(Boolean));
  if (!parsed.success || parsed.data.length === 0) throw new UsageError(`--area takes postcode areas or districts, e.g. DN15,DN16 or BS (got "${raw}")`);
  return parsed.data;
}

function readCouncilArea(path = 'content/settings.yaml'): string[] {
  if (!existsSync(path)) return [];
  const parsed = settingsFileSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new UsageError(`${path}: council_area must be a list of postcode areas or districts, e.g. [DN15, DN16]`);
  return parsed.data.council_area;
}

/** "name=Family hub name,postcode=Postcode" or a YAML file mapping template columns to the spreadsheet's headers. */
function readColumnMap(raw: string): Record<string, string> {
  if (existsSync(raw)) {
    const parsed = z.record(z.string(), z.string()).safeParse(parseYaml(readFileSync(raw, 'utf8')));
    if (!parsed.success) throw new UsageError(`${raw}: a column mapping file has one "column: Spreadsheet header" per line, e.g. name: Family hub name`);
    return parsed.data;
  }
  const map: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [column, header] = pair.split('=').map((s) => s.trim());
    if (!column || !header) throw new UsageError(`--map takes column=Header pairs, e.g. "name=Family hub name,postcode=Postcode" (got "${pair}")`);
    map[column] = header;
  }
  return map;
}

function fail(reason: string): number {
  console.error(`Import failed: ${reason}. Nothing was written; the directory the bot uses is unchanged.`);
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}. ${USAGE.split('\n')[0]} (--help lists every option)`);
  } else {
    // Not the officer's mistake; still one calm line rather than a stack trace.
    console.error(`Import failed: ${(error as Error).message}. Nothing was written; the directory the bot uses is unchanged.`);
  }
  process.exitCode = 2;
}
