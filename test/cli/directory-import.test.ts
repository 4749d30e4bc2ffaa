import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOrukTestServer, type OrukTestServer } from '../directory/oruk-test-server.js';
import { REPO_ROOT } from '../support/test-bot.js';

const run = promisify(execFile);
const FIXTURES = join(REPO_ROOT, 'test/directory/fixtures');
const REAL_FEED = join(FIXTURES, 'oruk-real/northlincs_oruk1_services_list_2024-12.json');

/** npm run directory:import, as an officer runs it; never throws, so failures can be asserted on. */
async function directoryImport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/directory-import.ts', ...args], { cwd: REPO_ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let out: string;
const BEFORE = '{"the running directory": "unchanged"}\n';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'directory-import-'));
  out = join(dir, 'directory.json');
  writeFileSync(out, BEFORE);
});
let server: OrukTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Each case starts the importer as its own process, as an officer would; on a busy machine that takes seconds.
describe('npm run directory:import', { timeout: 30_000 }, () => {
  it('should import the real feed, summarise by reason with counts and names, and write the report', async () => {
    const report = join(dir, 'outcome.csv');
    const result = await directoryImport(REAL_FEED, '--out', out, '--area', 'DN15,DN16,DN17,DN18,DN19,DN20,DN9', '--report', report, '--cache', join(dir, 'cache'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('738 of 738 services imported, 0 skipped.');
    expect(result.stdout).toContain('url: web address completed (15)');
    expect(result.stdout).toContain("Bowling Club (84416781-9167-4fdf-d6c0-ae2c871a9b48): 'www.scunthorpebowlsclub.com'. Fix: write it as https://www.scunthorpebowlsclub.com");
    expect(result.stdout).toContain(`Wrote ${out}.`);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { entries: { id: string }[] };
    expect(written.entries).toHaveLength(738);
    const rows = readFileSync(report, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(739);
    expect(rows[0]).toBe('source,id,name,status,kinds,kinds_from,problems');
    expect(rows.find((r) => r.includes('84416781-9167-4fdf-d6c0-ae2c871a9b48'))).toContain(',Bowling Club,imported,sport_exercise,keywords,');
  });

  it('should write nothing on --dry-run', async () => {
    const result = await directoryImport(REAL_FEED, '--out', out, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was written.');
    expect(readFileSync(out, 'utf8')).toBe(BEFORE);
  });

  it('should import a Windows-1252 spreadsheet with semicolons, blank rows and its own column names', async () => {
    const result = await directoryImport(
      join(FIXTURES, 'family-hubs-windows-1252.csv'),
      '--out', out, '--area', 'DN15,DN16,DN20',
      '--map', "name=Family hub name,address=Address,postcode=Postcode,phone=Telephone,email=E-mail,description=Who it's for",
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { entries } = JSON.parse(readFileSync(out, 'utf8')) as { entries: Record<string, unknown>[] };
    expect(entries.map((e) => e.id)).toEqual(['scunthorpe-family-hub-cafe-and-play-dn15-6nl', 'ashby-family-hub-dn16-2rs', 'brigg-stay-and-play-dn20-8jd']);
    expect(entries[0]).toMatchObject({
      name: 'Scunthorpe Family Hub – Café & Play',
      kinds: expect.arrayContaining(['parents_babies']),
      contact: { phone: '01724 296 600', email: 'hubs@example.org' },
      locations: [{ mode: 'in_person', address: 'Church Square', postcode: 'DN15 6NL', approximate: true }],
    });
    // Venues placed offline from their postcode district.
    expect((entries[0]!.locations as { latitude: number }[])[0]!.latitude).toBeCloseTo(53.6145, 3);
    expect(result.stdout).toContain('email: not an e-mail address (1)');
    expect(result.stdout).toContain("Brigg Stay and Play (row 5): 'brigg@example'");
  });

  it('should read the column mapping from a file, and name a column the file lacks', async () => {
    const map = join(dir, 'columns.yaml');
    writeFileSync(map, 'name: Family hub name\npostcode: Post code\n');
    const result = await directoryImport(join(FIXTURES, 'family-hubs-windows-1252.csv'), '--out', out, '--map', map);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--map names column(s) the file does not have: post code');
    expect(readFileSync(out, 'utf8')).toBe(BEFORE);
  });

  it.each([
    ['not JSON', 'feed.json', 'hello, this is not a feed {', /the file is not JSON/],
    ['JSON but not ORUK', 'feed.json', '{"weather": "sunny"}', /not an Open Referral feed/],
    ['empty', 'feed.json', '', /the file is empty/],
    ['truncated', 'feed.json', readFileSync(REAL_FEED, 'utf8').slice(0, 50_000), /stops part-way through/],
    ['a list of things that are not services', 'feed.json', '[{"a": 1}, {"b": 2}]', /no record has an id and a name/],
  ])('should refuse a feed that is %s with one clear line and leave the directory unchanged', async (_what, name, content, message) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const result = await directoryImport(file, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Nothing was written');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, 'utf8')).toBe(BEFORE);
  });

  it('should refuse a 50 MB file without reading it', async () => {
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const result = await directoryImport(big, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/is 50 MB, more than the 32 MB a directory feed can be/);
    expect(readFileSync(out, 'utf8')).toBe(BEFORE);
  });

  it('should import from a live ORUK API, and stop cleanly when it answers 500, 429 or nothing', async () => {
    server = await startOrukTestServer();
    const ok = await directoryImport(server.url, '--out', out, '--area', 'DN15', '--cache', join(dir, 'cache'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('738 of 738 services imported');
    await server.close();

    for (const status of [500, 429]) {
      server = await startOrukTestServer({ failFirst: { path: /^\/services$/, status, times: 99 } });
      writeFileSync(out, BEFORE);
      const failed = await directoryImport(server.url, '--out', out, '--retries', '1', '--cache', join(dir, 'cache'));
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim()).toBe(
        `Import failed: page 1 of the service list: HTTP ${status}${status === 429 ? ' (too many requests)' : ''} from ${server.url}/services?page=1&per_page=100. Nothing was written; the directory the bot uses is unchanged.`,
      );
      expect(readFileSync(out, 'utf8')).toBe(BEFORE);
      await server.close();
    }
    server = await startOrukTestServer({ stall: { path: /^\/services$/, ms: 5000 } });
    const slow = await directoryImport(server.url, '--out', out, '--timeout', '1', '--retries', '0');
    expect(slow.code).toBe(1);
    expect(slow.stderr).toContain(`no answer within 1 s from ${server.url}/services?page=1&per_page=100`);
    expect(readFileSync(out, 'utf8')).toBe(BEFORE);
  }, 120_000);

  it('should answer an unknown option or a missing argument with the usage in one short message', async () => {
    for (const args of [['--bogus'], [], [REAL_FEED, '--area'], [REAL_FEED, '--area', 'not an area']]) {
      const result = await directoryImport(...args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('Usage: npm run directory:import --');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

describe('npm run chat with DIRECTORY_FILE', () => {
  it("should offer the imported council's own services straight after import", async () => {
    const imported = await directoryImport(REAL_FEED, '--out', out, '--area', 'DN15,DN16,DN17,DN18,DN19,DN20,DN9');
    expect(imported.code).toBe(0);
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts'], { cwd: REPO_ROOT, env: { ...process.env, DIRECTORY_FILE: out }, timeout: 60_000 });
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stdin!.end('hi\nmenu\n3\nDN15 6NL\nskip\nskip\nmore\nmore\nmore\n');
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout).toContain('Reply 1-3 for details');
    expect(stdout).not.toContain('Sample data');
    // Venues placed by their postcode district, nearest first: "about 1 mi" in the resident's own district.
    expect(stdout).toMatch(/bot> 1\. [^\n]+, DN15 \d[A-Z]{2} about 1 mi\./);
    expect(stdout).toMatch(/bot> 1\. [^\n]+, DN16 \d[A-Z]{2} about 3 mi\./);
  }, 60_000);

  it('should tell a resident outside the council area plainly what it covers, then offer ways from home and a line', async () => {
    const imported = await directoryImport(REAL_FEED, '--out', out, '--area', 'DN15,DN16,DN17,DN18,DN19,DN20,DN9');
    expect(imported.code).toBe(0);
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts'], { cwd: REPO_ROOT, env: { ...process.env, DIRECTORY_FILE: out }, timeout: 60_000 });
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stdin!.end('hi\nmenu\n3\nBS1 4DJ\nskip\nskip\n');
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout).toContain('bot> Local services here cover DN15, DN16, DN17, DN18, DN19, DN20, DN9 only, and you are outside it. You can join these from home:');
    expect(stdout).toMatch(/bot> 1\. [^\n]+, (By phone|Online)\./);
    expect(stdout).toContain('Samaritans 116 123');
  }, 60_000);
});
