import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartOption, type ChartWords } from './chart-options.js';
import { PNG_SIZE, renderChartPng } from './chart-png.js';
import { reportCsv } from './report-csv.js';
import { runAll, type ReportSource } from './report-source.js';
import type { ReportQuery } from '../analytics/reports.js';

/**
 * A board paper's figures: each report as <name>.csv (the same table as the page's download) and <name>.png
 * (the same chart, titled, with its note). Returns the files written, in report order.
 */
export async function writeReportFiles(source: ReportSource, query: ReportQuery, dir: string, words: ChartWords): Promise<string[]> {
  const written: string[] = [];
  for (const table of await runAll(source, query)) {
    const csv = join(dir, `${table.name}.csv`);
    const png = join(dir, `${table.name}.png`);
    writeFileSync(csv, reportCsv(table));
    writeFileSync(png, renderChartPng(chartOption(table, words, { titled: true, width: PNG_SIZE.width })));
    written.push(csv, png);
  }
  return written;
}
