import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';

const root = mkdtempSync(join(tmpdir(), 'signpost-campaigns-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every mistake content:check must catch in campaigns, each on its own line of this file. */
const BROKEN = `campaigns:
  - id: bus_stops
    name: Bus stop posters
    keywords:
      en: [BUS26, STOP]
      pl: ["  ", "pomoc"]
    flow: welcom
    starts: 2026-05-01
    ends: 2026-04-30
  - id: library
    name: Library leaflet
    keywords:
      en: [LIB24]
      pl: [bus 26]
    flow: activities
    starts: 2026-01-01
    ends: 2026-12-31
  - id: gp_poster
    name: GP surgery poster
    keywords:
      en: [GP26]
      pl: [LEKARZ26]
    starts: 2026-01-01
    ends: 2026-12-31
    colour: green
`;

/** Each run starts tsx and reads all the content: seconds on a busy machine. */
const CLI_TIMEOUT = 90_000;
let output = '';
let status: number | null = null;
beforeAll(() => {
  for (const dir of ['flows', 'content']) cpSync(join(REPO_ROOT, dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, 'content', 'campaigns.yaml'), BROKEN);
  // The surgery poster's Polish words are gone, while the campaign still has a Polish keyword.
  const polish = join(root, 'content', 'pl', 'campaigns.yaml');
  writeFileSync(polish, readFileSync(polish, 'utf8').replace(/\n  gp_poster:\n(    .*\n)+/, '\n'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts'], { cwd: REPO_ROOT, env: { ...process.env, CONTENT_ROOT: root }, encoding: 'utf8', timeout: 60_000 });
  output = run.stdout + run.stderr;
  status = run.status;
}, CLI_TIMEOUT);

describe('content:check on content/campaigns.yaml', () => {
  it('fails, naming the file and line of each problem', () => {
    expect(status).toBe(1);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('an unknown field stops the file with its line', () => {
    expect(output).toContain("content/campaigns.yaml:25: error: campaign 'gp_poster': unknown field 'colour' (check the spelling)");
  });

  it('names every problem once the file reads', () => {
    writeFileSync(join(root, 'content', 'campaigns.yaml'), BROKEN.replace('    colour: green\n', ''));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts'], { cwd: REPO_ROOT, env: { ...process.env, CONTENT_ROOT: root }, encoding: 'utf8', timeout: 60_000 });
    const lines = run.stdout;
    expect(run.status).toBe(1);
    expect(lines).toContain("content/campaigns.yaml:7: error: campaign 'bus_stops' starts flow 'welcom', which does not exist Fix: did you mean 'welcome'?");
    expect(lines).toContain("content/campaigns.yaml:9: error: campaign 'bus_stops' ends (2026-04-30) before it starts (2026-05-01) Fix: swap the dates or correct the year");
    expect(lines).toMatch(/content\/campaigns\.yaml:5: error: keyword 'STOP' is also the STOP command \(keywords\.stop in (en|pl)\)/);
    expect(lines).toContain("content/campaigns.yaml:6: error: campaign 'bus_stops' has an empty keyword Fix: write letters and digits, e.g. LIB24");
    expect(lines).toMatch(/content\/campaigns\.yaml:6: error: keyword 'pomoc' is also the HELP command \(keywords\.help in pl\)/);
    expect(lines).toContain("content/campaigns.yaml:14: error: keyword 'bus 26' is already a keyword of 'bus_stops' (content/campaigns.yaml:5) Fix: each keyword may start only one campaign");
    expect(lines).toContain(
      "content/campaigns.yaml:22: error: campaign 'gp_poster' has pl keywords but no words 'campaigns.gp_poster.headline', 'campaigns.gp_poster.body', 'campaigns.gp_poster.prefill' in content/pl/ Fix: add them to content/pl/campaigns.yaml",
    );
    expect(lines).toContain('The bot will not start until the errors are fixed.');
  }, CLI_TIMEOUT);

  it('a prefilled text without its keyword is an error at the line of the text', () => {
    writeFileSync(join(root, 'content', 'campaigns.yaml'), BROKEN.split('  - id: library')[1]!.replace(/^/, 'campaigns:\n  - id: library').replace('pl: [bus 26]', 'pl: [BIBLIOTEKA24]').split('  - id: gp_poster')[0]!);
    const en = join(root, 'content', 'en', 'campaigns.yaml');
    cpSync(join(REPO_ROOT, 'content', 'en', 'campaigns.yaml'), en);
    const text = spawnSync('sed', ['-i', 's/Hi! I saw your poster (LIB24)/Hi! I saw your poster/', en]);
    expect(text.status).toBe(0);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts'], { cwd: REPO_ROOT, env: { ...process.env, CONTENT_ROOT: root }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toMatch(/content\/en\/campaigns\.yaml:\d+: error: the prefilled text of 'library' does not contain one of its keywords, so a scan would not start it Fix: include LIB24 in the text/);
  }, CLI_TIMEOUT);
});
