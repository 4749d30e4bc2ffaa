/**
 * npm run report -- --from 2027-01-01 --to 2027-03-31 --out report/: the analysts' tables as CSV and their
 * charts as PNG, for a board paper. One clear line and exit code 2 on any mistake; never a stack trace.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssue } from '../authoring/author-issue.js';
import { loadCampaigns } from '../campaigns/load-campaigns.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadContent } from '../content/load-content.js';
import { createTranslator } from '../content/translate.js';
import { loadFlows } from '../flow/load-flows.js';
import { analyticsReports } from '../insights/report-source.js';
import { writeReportFiles } from '../insights/write-report-files.js';
import { createDatabaseHolder } from '../records/open-database.js';
import { toUsageError, UsageError } from './usage-error.js';

const USAGE = `Usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD --out <folder> [--campaign id] [--channel sms|whatsapp] [--language en]
  Writes each report as <name>.csv and its chart as <name>.png into the folder (made if missing).
  Uses DATABASE_URL, or the embedded database in PGLITE_DIR (stop the server first: PGlite allows one process).`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        campaign: { type: 'string' },
        channel: { type: 'string' },
        language: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw toUsageError(error);
  }
  const { help, out, ...asked } = parsed.values;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  if (!asked.from || !asked.to) throw new UsageError('--from and --to are required (YYYY-MM-DD)');
  if (!out) throw new UsageError('--out is required: the folder to write the CSV and PNG files into');

  // Only what the reports need: their words and the campaigns a filter is checked against.
  const root = process.env.CONTENT_ROOT ?? process.cwd();
  const { catalog, issues: contentIssues } = loadContent(root);
  const { loaded: flows } = loadFlows(root);
  const { book, issues } = loadCampaigns({ root, catalog, flowNames: new Set(flows.flows.keys()) });
  const broken = [...contentIssues, ...issues].find((i) => i.severity === 'error');
  if (broken) throw new ReportError(`content has errors, e.g. ${formatIssue(broken)}; run npm run content:check`);
  const t = createTranslator(catalog, catalog.defaultLocale);

  const { config } = loadConfig();
  // Opened only once the query is known to be good, and once for all the reports.
  const database = createDatabaseHolder(config.records);
  const source = analyticsReports({ db: database.get, campaigns: () => book.campaigns.map((c) => c.id), t });
  const check = source.check(asked);
  if (!check.ok) throw new ReportError(check.message);

  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new ReportError(`cannot write to ${out} (${(error as NodeJS.ErrnoException).code ?? 'not writable'}): choose another folder with --out`);
  }
  try {
    const files = await writeReportFiles(source, check.query, dir, { noData: t('insights.reports.no_data') });
    console.log(`Wrote ${files.length / 2} tables (CSV) and their charts (PNG) for ${check.query.from} to ${check.query.to} into ${out}`);
  } finally {
    await database.close();
  }
  return 0;
}

class ReportError extends Error {}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeFailure(error));
    process.exit(2);
  },
);

/** One line for whoever runs it, never a stack trace. */
function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `report: ${error.message} (see --help)`;
  if (error instanceof ConfigError) return `report: ${error.problems.join('; ')}`;
  if (error instanceof ReportError) return `report: ${error.message}`;
  const { code, path, message } = error as NodeJS.ErrnoException;
  if (code && path) return `report: cannot write ${path} (${code}); choose another folder with --out`;
  return `report: the records database failed (${String(message ?? error).split('\n')[0]})`;
}
