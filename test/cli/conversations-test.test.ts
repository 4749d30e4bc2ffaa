import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';
import { copyBotFiles } from '../support/bot-files-copy.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-convtest-'));
  made.push(dir);
  return dir;
}

/** As a comms officer runs it: npm run conversations:test -- <folder>. */
function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npm', ['run', '-s', 'conversations:test', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 90_000 });
}

const STOP_SCRIPT = `title: STOP is acknowledged
turns:
  - user: hi
    bot: "Hi, this is Signpost"
  - user: STOP
    bot: "won't get any more messages"
`;

describe('npm run conversations:test', () => {
  it("plays a council's own folder and says each one went as written", () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'stop.yaml'), STOP_SCRIPT);
    const result = run([folder]);
    expect(result.stdout).toContain('✓');
    expect(result.stdout).toContain('1 of 1 conversation(s) went as written.');
    expect(result.status).toBe(0);
  }, 90_000);

  it('shows what changed, in words, when an edit changed a reply', () => {
    const { root, edit } = copyBotFiles('signpost-convtest-');
    edit('content/en/commands.yaml', (s) => s.replace("You won't get any more messages", 'You will not get any more messages'));
    const folder = tempDir();
    writeFileSync(join(folder, 'stop.yaml'), STOP_SCRIPT);
    const result = run([folder], { CONTENT_ROOT: root });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('stop.yaml:5: turn 2 of 2, the resident says "STOP"');
    expect(result.stdout).toContain(`the bot should say "won't get any more messages"; the reply now reads: [was: won't] [now: will not] get any more messages`);
    expect(result.stdout).toContain('The bot replied:');
    expect(result.stdout).toContain('0 of 1 conversation(s) went as written; 1 did not');
  }, 90_000);

  it('a script with a mistake, or no folder, gets one clear line and exit code 2, never a stack trace', () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'broken.yaml'), 'title: broken\nturns:\n  - user: hi\n    bot: "Hi there\n');
    const broken = run([folder]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:4: error: this text opens a quote \("\) but never closes it/);
    const typo = tempDir();
    writeFileSync(join(typo, 'typo.yaml'), 'title: typo\nturns:\n  - user: hi\n    bott: Hi\n');
    expect(run([typo]).stderr).toMatch(/typo\.yaml:4: error: turn 1: unknown field 'bott' \(check the spelling\) Fix: did you mean 'bot'\?/);
    const missing = run([join(folder, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('there is no folder here');
    expect(`${broken.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
  }, 90_000);
});
