import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';

/** npm run chat, scripted: one message per line in, every reply line out as "bot> …". */
function chat(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts', ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', timeout: 30_000 });
}

describe('the terminal chat', () => {
  it('plays a scripted conversation as SMS: bold dropped, options numbered, every line prefixed', () => {
    const run = chat(['--channel', 'sms'], 'hi\nmenu\n4\n1\n');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('bot> ') || l === 'bot>')).toBe(true);
    expect(run.stdout).toContain('bot> 1. Connect');
    expect(run.stdout).toContain('bot> Connect: time with other people');
    expect(run.stdout).not.toContain('*Connect*');
  });

  it('renders WhatsApp with bold, and starts in the language asked for', () => {
    const run = chat(['--channel', 'whatsapp', '--locale', 'pl'], 'menu\n4\n1\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Co chcesz zrobić?');
    expect(run.stdout).toMatch(/bot> \*Bądź w kontakcie\*/);
  });

  it('refuses an unknown channel or language plainly', () => {
    expect(chat(['--channel', 'fax'], '').stderr).toContain('--channel must be sms or whatsapp');
    expect(chat(['--locale', 'xx'], '').stderr).toContain('--locale must be one of: en, pl');
  });
});
