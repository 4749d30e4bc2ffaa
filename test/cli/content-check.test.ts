import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of flows/ and content/ as the comms team has them, to break. */
function copy(): string {
  const root = mkdtempSync(join(tmpdir(), 'signpost-check-'));
  made.push(root);
  for (const dir of ['flows', 'content']) cpSync(join(REPO_ROOT, dir), join(root, dir), { recursive: true });
  return root;
}

function check(root: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, CONTENT_ROOT: root },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run content:check', () => {
  it('says OK for the repository, and lists what is not yet reviewed by a native speaker', () => {
    const run = check(REPO_ROOT);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^OK/m);
    expect(run.stdout).toContain('pl: not yet reviewed by a native speaker');
  });

  it('names the file, the line and the fix for an edit that breaks something, and fails', () => {
    const root = copy();
    const menu = join(root, 'flows', 'menu.yaml');
    writeFileSync(menu, readFileSync(menu, 'utf8').replace('next: flow:five_ways', 'next: flow:five_way'));
    const pl = join(root, 'content', 'pl', 'welcome.yaml');
    writeFileSync(pl, readFileSync(pl, 'utf8').replace('{retention_days}', '{days}'));
    const run = check(root);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/flows\/menu\.yaml:\d+: error: step 'main', option 4: there is no flow called 'five_way' Fix: did you mean 'five_ways'\?/);
    expect(run.stdout).toMatch(/content\/pl\/welcome\.yaml:\d+: error: 'welcome\.privacy' uses \{days\} where the en text has \{retention_days\} Fix: write \{retention_days\} instead of \{days\}/);
    expect(run.stdout).toContain('The bot will not start until the errors are fixed.');
  });

  it('gives one error for a file that cannot be read, holds back what follows from it, and never a stack trace', () => {
    const root = copy();
    const talk = join(root, 'flows', 'talk.yaml');
    writeFileSync(talk, readFileSync(talk, 'utf8').replace('    say: talk.intro', '      say: talk.intro'));
    const run = check(root);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      'flows/talk.yaml:11: error: this line is indented further than the one above Fix: line it up with the line above',
    ]);
    expect(run.stdout).toContain('held back');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
