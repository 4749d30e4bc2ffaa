import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const production = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://signpost.example.gov.uk/',
  TWILIO_AUTH_TOKEN: 'token-0123456789',
  ID_SECRET: 'secret-0123456789abcdef',
  ADMIN_TOKEN: 'admin-0123456789abcdef',
  REDIS_URL: 'redis://redis:6379',
  DATABASE_URL: 'postgres://signpost@db:5432/signpost',
  CALLBACK_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  ANALYTICS_KEY: 'analytics-0123456789abcdef0123456789',
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
    for (const name of ['TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL', 'ID_SECRET', 'ADMIN_TOKEN', 'REDIS_URL', 'CALLBACK_KEYS']) expect(text).toContain(name);
  });

  it('starts in production with them, chat page off unless asked for', () => {
    const { config, warnings } = loadConfig(production);
    expect(warnings).toEqual(['SPOOL_FILE is not set: messages that arrive while Redis is down get a calm fallback but are not kept for later.']);
    expect(loadConfig({ ...production, SPOOL_FILE: '/tmp/spool', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_SMS_FROM: '+447700900000', TWILIO_WHATSAPP_FROM: '+447700900000' }).warnings).toEqual([]);
    expect(() => loadConfig({ ...production, SPOOL_FILE: '/tmp/spool' })).toThrow(/SPOOL_FILE needs TWILIO_ACCOUNT_SID, TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM/);
    expect(config).toMatchObject({ chatPage: false, publicBaseUrl: 'https://signpost.example.gov.uk', redisUrl: 'redis://redis:6379' });
    expect(loadConfig({ ...production, CHAT_PAGE: 'true' }).config.chatPage).toBe(true);
  });

  it('records analytics only with a key of its own in production; a laptop makes one for the run and says so', () => {
    const { ANALYTICS_KEY: _key, ...withoutKey } = production;
    const keyless = loadConfig(withoutKey);
    expect(keyless.config.analytics).toEqual({ enabled: false });
    expect(keyless.warnings.join('\n')).toMatch(/ANALYTICS_KEY is not set: no analytics are recorded/);
    expect(loadConfig(production).config.analytics).toEqual({ enabled: true, key: Buffer.from(production.ANALYTICS_KEY) });
    const laptop = loadConfig({});
    expect(laptop.config.analytics.enabled).toBe(true);
    expect(laptop.config.analytics.key).toHaveLength(32);
    expect(laptop.warnings.join('\n')).toMatch(/ANALYTICS_KEY is not set: analytics pseudonyms use a key made for this run only/);
    expect(loadConfig({ ANALYTICS: 'false' }).config.analytics).toEqual({ enabled: false });
    expect(() => loadConfig({ ANALYTICS_KEY: 'short' })).toThrow(/ANALYTICS_KEY: must be at least 32 characters/);
  });

  it('names the variable and the fix for bad values', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TWILIO_SMS_FROM: '07700 900123' })).toThrow(/TWILIO_SMS_FROM: must be a phone number in \+44… form/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/must start with redis:\/\//);
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS above 1 needs REDIS_URL/);
    expect(() => loadConfig({ DUTY_ALERT_URL: 'https://duty.example.gov.uk/hook' })).toThrow(/DUTY_ALERT_URL and DUTY_ALERT_SECRET go together/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
    expect(() => loadConfig({ CALLBACK_KEYS: 'k1:dG9vIHNob3J0' })).toThrow(/CALLBACK_KEYS: key "k1" must be 32 bytes/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.gov.uk' })).toThrow(/SMTP_URL, CALLBACK_EMAIL_TO and CALLBACK_EMAIL_FROM go together/);
    expect(() => loadConfig({ REDIS_URL: 'redis://r:6379', WORKERS: '2' })).toThrow(/WORKERS above 1 needs DATABASE_URL/);
  });

  it('reads the callback settings: keys newest first, e-mail and webhook only when complete', () => {
    const key = (n: number) => Buffer.alloc(32, n).toString('base64');
    const { config } = loadConfig({
      CALLBACK_KEYS: `k2:${key(2)},k1:${key(1)}`,
      SMTP_URL: 'smtp://mail.example.gov.uk:587',
      CALLBACK_EMAIL_TO: 'connectors@council.gov.uk',
      CALLBACK_EMAIL_FROM: 'signpost@council.gov.uk',
    });
    expect(config.callbacks.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.callbacks.email).toEqual({ smtpUrl: 'smtp://mail.example.gov.uk:587', to: 'connectors@council.gov.uk', from: 'signpost@council.gov.uk' });
    expect(config.callbacks.webhook).toBeUndefined();
    expect(config.records).toEqual({ pgliteDir: '.data/records' });
  });
});
