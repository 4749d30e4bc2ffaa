import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyticsRecorder } from '../../src/analytics/analytics-recorder.js';
import { insertAnalyticsRecords } from '../../src/analytics/analytics-store.js';
import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { createMessageHandler } from '../../src/conversation/handle-message.js';
import { followUpKinds } from '../../src/followups/open-follow-ups.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { fold, isOwnWords, scripts } from '../support/resident-words.js';
import { testBot } from '../support/test-bot.js';

/**
 * docs/analytics.md promises that the analytics table can single nobody out. Every scripted conversation in
 * test/conversations/ runs through the real message handler with analytics recording as the server does,
 * then every value in analytics_events is searched for what the resident wrote, their number and their
 * conversation id.
 */
describe('analytics never identify anyone', () => {
  let db: Database;
  const rows: Record<string, unknown>[] = [];
  const residents = scripts.map((script, i) => {
    const number = `+4477009${String(i).padStart(5, '0')}`;
    return { ...script, number, conversationId: conversationIdFor('analytics-test', 'sms', number) };
  });

  beforeAll(async () => {
    db = await openDatabase({});
    const bot = await testBot();
    for (const resident of residents) {
      let now = Date.parse('2027-01-11T10:00:00Z');
      const kept: AnalyticsRecord[] = [];
      const recorder = createAnalyticsRecorder({ key: Buffer.alloc(32, 5), buffer: { add: (r) => kept.push(...r) }, followUps: followUpKinds(bot.flows), clock: () => now });
      const handle = createMessageHandler({ engine: bot.engine, store: new MemoryStore(), sessionTtlSeconds: 86_400, clock: () => now });
      for (const [i, turn] of resident.turns.entries()) {
        now += 30_000;
        if (turn.after) now += Number(turn.after.slice(0, -1)) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[turn.after.at(-1) as 'd' | 'h' | 'm'];
        const result = await handle({ conversationId: resident.conversationId, messageId: `SM${String(i).padStart(32, '0')}`, message: { text: turn.user, mediaCount: turn.media ?? 0 } });
        if (result.status === 'handled') recorder.recordTurn(result.events, resident.conversationId, 'sms');
      }
      await insertAnalyticsRecords(db, kept);
    }
    rows.push(...(await db.query('SELECT * FROM analytics_events')));
  }, 300_000);
  afterAll(() => db?.close());

  it('recorded what the reports need from the scripted conversations', () => {
    const events = new Set(rows.map((r) => r.event));
    for (const event of ['conversation_started', 'stage_reached', 'checkin_band', 'life_event', 'activity_search', 'follow_up_agreed']) expect(events).toContain(event);
  });

  it('keeps no word a resident wrote, no number and no conversation id', () => {
    const stored = fold(rows.map((r) => Object.values(r).map(String).join(' ')).join('\n'));
    const leaks = residents.flatMap((r) => [
      ...r.turns.map((t) => t.user.trim()).filter((text) => isOwnWords(text, new Set()) && stored.includes(fold(text))),
      ...[r.number, r.number.slice(1), r.number.slice(3), r.conversationId].filter((id) => stored.includes(fold(id))),
    ]);
    expect(leaks).toEqual([]);
  });

  it('names each conversation by a pseudonym that is not its id and changes with the month', async () => {
    const pseudonyms = new Set(rows.map((r) => r.pseudonym));
    expect(pseudonyms.size).toBeGreaterThan(residents.length / 2);
    for (const r of residents) expect(pseudonyms).not.toContain(r.conversationId);
    const bot = await testBot();
    const months: string[] = [];
    const recorder = createAnalyticsRecorder({
      key: Buffer.alloc(32, 5),
      buffer: { add: (r) => months.push(...r.map((x) => x.pseudonym)) },
      followUps: followUpKinds(bot.flows),
      clock: () => (months.length ? Date.parse('2027-02-01T00:00:00Z') : Date.parse('2027-01-31T23:59:00Z')),
    });
    recorder.recordTurn([{ name: 'conversation_started' }], residents[0]!.conversationId, 'sms');
    recorder.recordTurn([{ name: 'conversation_started' }], residents[0]!.conversationId, 'sms');
    expect(months[0]).not.toEqual(months[1]);
  });

  it('keeps a place only as its postcode district, and ages only as bands', () => {
    for (const row of rows.filter((r) => r.event === 'activity_search')) expect(row.detail).toMatch(/^[A-Z]{1,2}\d[A-Z\d]?$/);
    for (const row of rows.filter((r) => r.event === 'age_band')) expect(['16_24', '25_64', '65_plus']).toContain(row.detail);
  });
});
