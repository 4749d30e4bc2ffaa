import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { openContact, sealContact } from '../../src/followups/follow-up-records.js';
import { readFollowUpSettings } from '../../src/followups/follow-up-settings.js';
import { createSealer, parseSealKey } from '../../src/followups/seal.js';
import { REPO_ROOT } from '../support/test-bot.js';

describe('a follow-up number is sealed at rest (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const contact = { channel: 'sms' as const, address: '+447700900123' };

  it('opens with its key only, never as text, and a tampered value reads as nothing', () => {
    const sealed = sealContact(createSealer(key), contact);
    expect(sealed).not.toContain('7700900123');
    expect(sealContact(createSealer(key), contact)).not.toBe(sealed);
    expect(openContact(createSealer(key), sealed)).toEqual(contact);
    expect(openContact(createSealer(randomBytes(32)), sealed)).toBeNull();
    const tampered = Buffer.from(sealed, 'base64');
    tampered[tampered.length - 1]! ^= 1;
    expect(openContact(createSealer(key), tampered.toString('base64'))).toBeNull();
  });

  it('takes FOLLOWUP_KEY as 64 hex or base64 characters, and says plainly what is wrong with anything else', () => {
    expect(parseSealKey(key.toString('hex'))).toEqual(key);
    expect(parseSealKey(key.toString('base64'))).toEqual(key);
    expect(() => loadConfig({ FOLLOWUP_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ FOLLOWUP_KEY: 'too-short' })).toThrow(/openssl rand -base64 32/);
    const production = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://x.example', TWILIO_AUTH_TOKEN: 'token-0123456789', ID_SECRET: 'secret-0123456789abcdef', ADMIN_TOKEN: 'admin-0123456789abcdef', REDIS_URL: 'redis://r:6379', CALLBACK_KEYS: `k1:${key.toString('base64')}` };
    expect(loadConfig(production).config.followUpKey).toBeUndefined();
    expect(loadConfig({ ...production, FOLLOWUP_KEY: key.toString('base64') }).config).toMatchObject({ followUpKey: key, followUpWorker: false });
  });
});

describe('follow-up settings from content/settings.yaml', () => {
  it('reads sending hours, pace and WhatsApp templates, naming each wrong value', () => {
    const sid = 'HX' + 'a'.repeat(32);
    const ok = readFollowUpSettings({ follow_up_hours_from: '10:00', follow_up_hours_until: '18:30', follow_up_messages_per_second: 3, whatsapp_template_did_you_go: sid, whatsapp_template_recheck: '' });
    expect(ok).toEqual({ settings: { hours: { from: '10:00', until: '18:30' }, messagesPerSecond: 3, templates: { did_you_go: sid } }, problems: [] });
    const bad = readFollowUpSettings({ follow_up_hours_from: '21:00', follow_up_messages_per_second: 0, whatsapp_template_recheck: 'template-1' });
    expect(bad.settings.hours).toEqual({ from: '09:00', until: '20:00' });
    expect(bad.problems).toEqual([
      expect.stringContaining('follow_up_hours_from/until'),
      expect.stringContaining('follow_up_messages_per_second'),
      expect.stringContaining('whatsapp_template_recheck: a Content SID looks like HX'),
    ]);
  });
});

describe('npm run worker', () => {
  it('refuses plainly without Redis: one line, exit code 2, no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/worker.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('npm run worker needs REDIS_URL: without Redis, follow-ups live in the web process, which sends them itself.');
  });
});
