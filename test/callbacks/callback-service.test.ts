import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackService, type CallbackService } from '../../src/callbacks/callback-service.js';
import { createDatabaseHolder, type DatabaseHolder } from '../../src/records/open-database.js';
import { createTestDatabase } from '../support/postgres.js';
import { testBot } from '../support/test-bot.js';

const DAY = 86_400_000;

describe('the callback service timers', () => {
  let holder: DatabaseHolder;
  let drop: () => Promise<void>;
  let service: CallbackService;
  const sent: string[] = [];
  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    holder = createDatabaseHolder({ databaseUrl: test.url, pgliteDir: '' });
    const bot = await testBot();
    service = createCallbackService({
      database: holder,
      config: { idSecret: 'service-test-secret', publicBaseUrl: 'https://x', callbacks: { keys: [{ id: 't', key: Buffer.alloc(32, 3) }] } },
      content: bot.content,
      log: { info: () => {}, warn: () => {} },
      senders: { email: async (request) => void sent.push(request.id) },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await holder?.close();
    await drop?.();
  });

  it('purges requests older than callback_retention_days from content/settings.yaml on its timer, and sends what is due', async () => {
    expect(service.retentionDays).toBe(30);
    const records = await service.records();
    const ask = (who: string, at: number) =>
      records.record({ conversationId: who, contactHash: who, channel: 'sms', locale: 'en', method: 'call', bestTime: 'any', topic: 'other', phone: '+447700900999', firstName: null }, new Date(at));
    const expired = await ask('old', Date.now() - 31 * DAY);
    const kept = await ask('recent', Date.now() - 29 * DAY);
    service.start({ notifyMs: 50, purgeMs: 50 });
    for (let i = 0; i < 100 && ((await records.get(expired.id)) !== null || sent.length < 1); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await records.get(expired.id)).toBeNull();
    expect(await records.get(kept.id)).toMatchObject({ status: 'new', hasNumber: true });
    expect(sent).toContain(kept.id);
    await service.stop();
  });
});
