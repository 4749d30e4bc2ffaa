import request from 'supertest';
import { openAnalytics } from '../../src/analytics/open-analytics.js';
import { createDatabaseHolder } from '../../src/records/open-database.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Config } from '../../src/config.js';
import { createTestDatabase } from './postgres.js';
import { buildTestApp, inboundForm, sign } from './test-server.js';

/**
 * The whole server with callbacks on, its records in a fresh database on the real PostgreSQL; with
 * `analytics`, residents' turns are recorded there too (`analytics.maintain()` writes and rolls them up).
 */
export async function buildConnectHarness(overrides: Partial<Config> = {}, options: { analytics?: boolean } = {}) {
  const test = await createTestDatabase();
  const records = createDatabaseHolder({ databaseUrl: test.url, pgliteDir: '' });
  const sent: string[] = [];
  const analytics = options.analytics
    ? openAnalytics({ config: { analytics: { enabled: true, key: Buffer.alloc(32, 7) } }, database: records.get, followUps: [], retentionMonths: 24, warn: () => {} })
    : null;
  const built = await buildTestApp(new MemoryStore(), overrides, { records, analytics, senders: { email: async (r) => void sent.push(r.id) } });
  return {
    ...built,
    sent,
    db: () => records.get(),
    /** A resident texting the webhook, as Twilio would post it. */
    async texts(phone: string, body: string): Promise<string> {
      const form = inboundForm(phone, body);
      const res = await request(built.app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
      return res.text;
    },
    async close() {
      await built.close();
      await test.drop();
    },
  };
}

/** Texts that take a resident from hello to a recorded callback request (call, mornings, company). */
export const CALLBACK_SCRIPT = ['hi', 'callback', '1', '1', '1', '1'];
