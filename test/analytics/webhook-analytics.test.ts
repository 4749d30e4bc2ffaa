import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalytics, type Analytics } from '../../src/analytics/open-analytics.js';
import { runReport } from '../../src/analytics/reports.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { buildTestApp, inboundForm, messagesIn, sign } from '../support/test-server.js';

const ON = { analytics: { enabled: true, key: Buffer.alloc(32, 9) } };

function post(app: Parameters<typeof request>[0], form: Record<string, string>) {
  return request(app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
}

describe('analytics beside the webhook', () => {
  let db: Database;
  beforeAll(async () => void (db = await openDatabase({})), 120_000);
  afterAll(() => db?.close());

  it("records a resident's conversation by channel and language, and the reports count it", async () => {
    const analytics = openAnalytics({ config: ON, database: async () => db, followUps: [], retentionMonths: 24, warn: () => {} })!;
    const harness = await buildTestApp(new MemoryStore(), {}, { analytics });
    try {
      for (let i = 0; i < 12; i++) {
        const from = i < 10 ? `+4477009001${String(i).padStart(2, '0')}` : `whatsapp:+4477009002${i}`;
        const reply = await post(harness.app, inboundForm(from, 'Hello'));
        expect(reply.status).toBe(200);
      }
      await analytics.maintain();
      const rows = await db.query<{ event: string; channel: string; language: string }>(`SELECT event, channel, language FROM analytics_events WHERE event = 'conversation_started'`);
      expect(rows).toHaveLength(12);
      expect(rows.filter((r) => r.channel === 'whatsapp')).toHaveLength(2);
      expect(rows.every((r) => r.language === 'en')).toBe(true);
      const today = new Date().toISOString().slice(0, 10);
      const table = await runReport(db, 'conversations_by_week', { from: today, to: today });
      expect(table.rows.map((r) => [r.channel, r.conversations])).toEqual([
        ['sms', 10],
        ['whatsapp', '<10'],
      ]);
    } finally {
      await harness.close();
    }
  });

  it('answers every message as usual while the analytics database is down, keeping the events to write later', async () => {
    const analytics: Analytics = openAnalytics({
      config: ON,
      database: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      followUps: [],
      retentionMonths: 24,
      warn: () => {},
    })!;
    const harness = await buildTestApp(new MemoryStore(), {}, { analytics });
    try {
      const reply = await post(harness.app, inboundForm('+447700900301', 'Hello'));
      expect(reply.status).toBe(200);
      expect(messagesIn(reply.text).join('\n')).toMatch(/Signpost/);
      await analytics.flush();
      expect(analytics.pending()).toBeGreaterThan(0);
      const again = await post(harness.app, inboundForm('+447700900301', '1'));
      expect(again.status).toBe(200);
      expect(messagesIn(again.text).length).toBeGreaterThan(0);
    } finally {
      await harness.close();
    }
  });
});
