import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { toUsageError } from './usage-error.js';
import { DEFAULT_GEO_DIR } from '../directory/geo-data.js';
import { formatPostcodeCsv, importPostcodes, POSTCODE_LAYOUTS, PostcodeFileError, type PostcodeLayout } from '../directory/import-postcodes.js';

const USAGE = `Usage: npm run postcodes:import -- <file.csv> [--layout codepoint|onspd] [--out <path>]
  codepoint  OS Code-Point Open CSV (Postcode, Positional_quality_indicator, Eastings, Northings, ...), header optional
  onspd      ONS Postcode Directory CSV (pcds, lat, long, doterm); terminated postcodes are skipped
  --out      default ${DEFAULT_GEO_DIR}/postcodes-<file name>.csv (every postcodes*.csv there is loaded at start)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        layout: { type: 'string', default: 'codepoint' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return usage(toUsageError(error).message);
  }
  const { values, positionals } = args;
  const file = positionals[0];
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!file) return usage('give the postcode file to import');
  if (!(POSTCODE_LAYOUTS as readonly string[]).includes(values.layout)) return usage(`--layout must be one of ${POSTCODE_LAYOUTS.join(', ')}`);
  if (!existsSync(file) || statSync(file).isDirectory()) {
    console.error(`There is no file ${file}. Nothing was written.`);
    return 2;
  }
  const result = await importPostcodes(file, values.layout as PostcodeLayout);
  for (const p of result.problems.slice(0, 50)) console.log(`  row ${p.row}: ${p.reason}`);
  if (result.problems.length > 50) console.log(`  ... and ${result.problems.length - 50} more`);
  console.log(
    `${result.rows.length} postcode(s) read; skipped ${result.terminated} terminated, ${result.noLocation} without a location, ${result.problems.length} unreadable.`,
  );
  if (result.rows.length === 0) {
    console.error('Nothing to write.');
    return 1;
  }
  const out = values.out ?? join(DEFAULT_GEO_DIR, `postcodes-${basename(file).replace(/\.csv$/i, '').toLowerCase()}.csv`);
  const temp = join(dirname(out), `.${basename(out)}.tmp`);
  try {
    writeFileSync(temp, formatPostcodeCsv(result.rows));
    renameSync(temp, out);
  } finally {
    rmSync(temp, { force: true });
  }
  console.log(`Wrote ${out}. Restart the bot to load it.`);
  return 0;
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = await main();
} catch (error) {
  // A file in the wrong layout or not CSV at all: one line that says what to do, never a stack trace.
  const message = error instanceof PostcodeFileError ? error.message : `could not read the file (${(error as Error).message.split('\n')[0]})`;
  console.error(`Postcode import failed: ${message}. Nothing was written.`);
  process.exitCode = 2;
}
