import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { warnUnlessPersistent } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { checkRedisPersistence } from '../../src/store/redis-persistence.js';
import { startRedisServer } from '../support/redis-server.js';

async function persistenceOf(options: Parameters<typeof startRedisServer>[1]) {
  const server = await startRedisServer(undefined, options);
  const client = createRedisClient(server.url);
  await once(client, 'ready');
  const logs: string[] = [];
  try {
    await warnUnlessPersistent(client, createLogger('info', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) })));
    return { result: await checkRedisPersistence(client), logs: logs.join('') };
  } finally {
    client.disconnect();
    await server.stop();
  }
}

describe('Redis persistence check at start (production)', () => {
  it('warns loudly when Redis keeps nothing on disk', async () => {
    const { result, logs } = await persistenceOf({});
    expect(result).toEqual({ status: 'nothing_on_disk' });
    expect(logs).toContain('REDIS KEEPS NOTHING ON DISK');
    expect(logs).toContain('"level":50');
  });

  it('is quiet when the append-only file is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signpost-aof-'));
    try {
      const { result, logs } = await persistenceOf({ dir });
      expect(result).toMatchObject({ status: 'kept', appendonly: true });
      expect(logs).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says it could not tell when CONFIG is disabled, and does not fail', async () => {
    const { result, logs } = await persistenceOf({ args: ['--rename-command', 'CONFIG', '""'] });
    expect(result.status).toBe('unknown');
    expect(logs).toContain('could not check whether Redis keeps data on disk');
  });
});
