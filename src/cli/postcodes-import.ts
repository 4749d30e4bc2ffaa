import { writeFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GEO_DIR } from '../directory/geo-data.js';
import { formatPostcodeCsv, importPostcodes, POSTCODE_LAYOUTS, type PostcodeLayout } from '../directory/import-postcodes.js';

const USAGE = `Usage: npm run postcodes:import -- <file.csv> [--layout codepoint|onspd] [--out <path>]
  codepoint  OS Code-Point Open CSV (Postcode, Positional_quality_indicator, Eastings, Northings, ...), header optional
  onspd      ONS Postcode Directory CSV (pcds, lat, long, doterm); terminated postcodes are skipped
  --out      default ${DEFAULT_GEO_DIR}/postcodes-<file name>.csv (every postcodes*.csv there is loaded at start)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      layout: { type: 'string', default: 'codepoint' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (values.help || !file) {
    console.log(USAGE);
    return file ? 0 : 2;
  }
  if (!(POSTCODE_LAYOUTS as readonly string[]).includes(values.layout)) {
    console.error(`--layout must be one of ${POSTCODE_LAYOUTS.join(', ')}`);
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

process.exitCode = await main();
