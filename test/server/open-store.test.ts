import { Writable } from 'node:stream';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import type { Store } from '../../src/store/store.js';

/**
 * How `npm start` and `npm run worker` open the Redis store: a web instance lists itself (so others settle for
 * it) and, when it finds others, returns only once they have had time to see it; the worker is never listed.
 */
describe('openStore on Redis', () => {
  const { config } = loadConfig({ NODE_ENV: 'test', REDIS_URL: inject('redisUrl') });
  const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const admin = createRedisClient(inject('redisUrl'));
  const opened: Store[] = [];
  const open = async (overrides: Partial<typeof config> = {}) => {
    const store = await openStore({ ...config, ...overrides }, logger);
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    admin.disconnect();
  });

  it('lists web instances, not the worker; a second instance starts once the first has had time to see it', async () => {
    await open({ orderSettleMs: 0 });
    let started = Date.now();
    await open();
    expect(Date.now() - started).toBeLessThan(1_000);
    started = Date.now();
    const second = await open();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(await admin.zcard('sp:instances')).toBe(2);
    await second.close();
    expect(await admin.zcard('sp:instances')).toBe(1);
  });
});
