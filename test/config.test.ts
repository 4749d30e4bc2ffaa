import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const production = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://signpost.example.gov.uk/',
  TWILIO_AUTH_TOKEN: 'token-0123456789',
  ID_SECRET: 'secret-0123456789abcdef',
  ADMIN_TOKEN: 'admin-0123456789abcdef',
  REDIS_URL: 'redis://redis:6379',
};

describe('configuration from the environment', () => {
  it('needs nothing on a laptop, and says what is unsafe about that', () => {
    const { config, warnings } = loadConfig({});
    expect(config).toMatchObject({ port: 3000, chatPage: true, publicBaseUrl: 'http://localhost:3000', sessionTtlSeconds: 30 * 86400, workers: 1 });
    expect(config.redisUrl).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/signature checks are OFF/);
  });

  it('refuses to start in production without the settings that keep residents safe, naming each and why', () => {
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    for (const name of ['TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL', 'ID_SECRET', 'ADMIN_TOKEN', 'REDIS_URL']) expect(text).toContain(name);
  });

  it('starts in production with them, chat page off unless asked for', () => {
    const { config, warnings } = loadConfig(production);
    expect(warnings).toEqual(['SPOOL_FILE is not set: messages that arrive while Redis is down get a calm fallback but are not kept for later.']);
    expect(loadConfig({ ...production, SPOOL_FILE: '/tmp/spool', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_SMS_FROM: '+447700900000', TWILIO_WHATSAPP_FROM: '+447700900000' }).warnings).toEqual([]);
    expect(() => loadConfig({ ...production, SPOOL_FILE: '/tmp/spool' })).toThrow(/SPOOL_FILE needs TWILIO_ACCOUNT_SID, TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM/);
    expect(config).toMatchObject({ chatPage: false, publicBaseUrl: 'https://signpost.example.gov.uk', redisUrl: 'redis://redis:6379' });
    expect(loadConfig({ ...production, CHAT_PAGE: 'true' }).config.chatPage).toBe(true);
  });

  it('names the variable and the fix for bad values', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TWILIO_SMS_FROM: '07700 900123' })).toThrow(/TWILIO_SMS_FROM: must be a phone number in \+44… form/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/must start with redis:\/\//);
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS above 1 needs REDIS_URL/);
    expect(() => loadConfig({ DUTY_ALERT_URL: 'https://duty.example.gov.uk/hook' })).toThrow(/DUTY_ALERT_URL and DUTY_ALERT_SECRET go together/);
  });
});
