import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/records/open-database.js';
import { AUTUMN, loadAutumnFigures } from '../support/insights-data.js';
import { createTestDatabase } from '../support/postgres.js';
import { runCli } from '../support/run-cli.js';

/** npm run report, as an analyst runs it. */
const report = (args: string[], env: Record<string, string>) => runCli('src/cli/report.ts', args, env);

/** The share of a PNG's pixels near a colour, e.g. the bars' blue. */
function shareOfColour(png: PNG, [r, g, b]: [number, number, number]): number {
  let near = 0;
  for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i]! - r) + Math.abs(png.data[i + 1]! - g) + Math.abs(png.data[i + 2]! - b) < 40) near += 1;
  return near / (png.width * png.height);
}

const BLUE: [number, number, number] = [0x00, 0x72, 0xb2];
const RANGE = ['--from', AUTUMN.from, '--to', AUTUMN.to];

describe('npm run report', () => {
  const databases: { url: string; drop(): Promise<void> }[] = [];
  let url: string;
  let emptyUrl: string;
  let out: string;
  beforeAll(async () => {
    databases.push(await createTestDatabase(), await createTestDatabase());
    [url, emptyUrl] = databases.map((d) => d.url) as [string, string];
    const db = await openDatabase({ databaseUrl: url });
    await loadAutumnFigures(db);
    await db.close();
    out = mkdtempSync(join(tmpdir(), 'signpost-report-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    for (const d of databases) await d.drop();
  });

  it('writes every table as CSV and its chart as a real PNG chart for a board paper', async () => {
    const dir = join(out, 'board', 'q4');
    const run = await report([...RANGE, '--out', dir], { DATABASE_URL: url });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote 7 tables (CSV) and their charts (PNG) for ${AUTUMN.from} to ${AUTUMN.to}`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toHaveLength(7);

    const funnel = readFileSync(join(dir, 'journey_funnel.csv'), 'utf8');
    expect(funnel.split('\r\n').slice(0, 3)).toEqual(['\uFEFFStage,People,Share of those who started', 'start,444,1', 'welcome,180,0.405']);
    expect(funnel).toContain('callback,<10,\r\n');

    const png = PNG.sync.read(readFileSync(join(dir, 'checkin_bands.png')));
    expect([png.width, png.height]).toEqual([1200, 600]);
    // Three bars in the chart's blue cover a good part of the image; the rest is mostly white paper.
    expect(shareOfColour(png, BLUE)).toBeGreaterThan(0.05);
    expect(shareOfColour(png, [255, 255, 255])).toBeGreaterThan(0.4);
  }, 60_000);

  it('writes empty charts with a note for an empty database, never an error', async () => {
    const dir = join(out, 'empty');
    const run = await report([...RANGE, '--out', dir], { DATABASE_URL: emptyUrl });
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'life_events.csv'), 'utf8')).toBe('\uFEFFLife event,People\r\n');
    const png = PNG.sync.read(readFileSync(join(dir, 'life_events.png')));
    expect(shareOfColour(png, BLUE)).toBe(0);
    expect(shareOfColour(png, [255, 255, 255])).toBeGreaterThan(0.9);
  }, 60_000);

  it('answers every mistake with one clear line and exit code 2, never a stack trace', async () => {
    const aFile = join(out, 'a-file');
    writeFileSync(aFile, 'not a folder');
    const cases: [string[], RegExp][] = [
      [['--from', '2026-11-30', '--to', '2026-10-01', '--out', out], /ends \(2026-10-01\) before it starts \(2026-11-30\)/],
      [['--from', '2099-01-01', '--to', '2099-03-31', '--out', out], /starts in the future/],
      [['--from', '2016-01-01', '--to', '2026-01-01', '--out', out], /at most 5 years/],
      [[...RANGE, '--campaign', 'no_such_campaign', '--out', out], /no campaign called "no_such_campaign"/],
      [['--from', '1 Jan', '--to', AUTUMN.to, '--out', out], /YYYY-MM-DD/],
      [RANGE, /--out is required/],
      [[...RANGE, '--out', join(aFile, 'inside')], /cannot write to .*a-file\/inside \(ENOTDIR\)/],
      [[...RANGE, '--out', out, '--colour', 'red'], /Unknown option '--colour'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => report(args, { DATABASE_URL: url })));
    for (const [i, [args, message]] of cases.entries()) {
      const run = runs[i]!;
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
