import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/callbacks/audit-log.js';
import type { CallbackRecords } from '../../src/callbacks/callback-records.js';
import type { NewCallbackRequest } from '../../src/callbacks/callback-request.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { openCallbackRecords } from '../support/callback-records.js';
import { createTestDatabase } from '../support/postgres.js';

const NOW = new Date('2026-11-23T10:00:00Z');
let n = 0;
/** A request from a new person each time (own conversation and number). */
function request(extra: Partial<NewCallbackRequest> = {}): NewCallbackRequest {
  n += 1;
  return {
    conversationId: `conv-${n}`,
    contactHash: `contact-${n}`,
    channel: 'sms',
    locale: 'en',
    method: 'call',
    bestTime: 'morning',
    topic: 'company',
    phone: `+4477009${String(n).padStart(5, '0')}`,
    firstName: 'Ann',
    ...extra,
  };
}

const backends = [
  { name: 'PGlite (embedded)', open: async () => ({ db: await openDatabase({}), drop: async () => {} }) },
  {
    name: 'PostgreSQL (127.0.0.1:5432)',
    open: async () => {
      const test = await createTestDatabase();
      return { db: await openDatabase({ databaseUrl: test.url }), drop: test.drop };
    },
  },
];

for (const backend of backends) {
  describe(`callback records: ${backend.name}`, () => {
    let db: Database;
    let records: CallbackRecords;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const opened = await backend.open();
      ({ db, drop } = opened);
      ({ records } = await openCallbackRecords({ db, notify: ['email', 'webhook'] }));
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it('keeps the number and name only encrypted, and queues the notifications with the request', async () => {
      const asked = request({ firstName: '<b>Zoë</b>' });
      const outcome = await records.record(asked, NOW);
      expect(outcome.status).toBe('recorded');
      const [raw] = await db.query<Record<string, unknown>>('SELECT * FROM callback_requests WHERE id = $1', [outcome.id]);
      expect(JSON.stringify(raw)).not.toContain(asked.phone!.slice(1));
      expect(JSON.stringify(raw)).not.toContain('Zoë');
      expect(String(raw!.phone_encrypted)).toMatch(/^test\./);
      const shown = await records.get(outcome.id);
      expect(shown).toMatchObject({ firstName: '<b>Zoë</b>', hasNumber: true, status: 'new', method: 'call' });
      expect(shown!.notifications.map((x) => [x.kind, x.status])).toEqual([['email', 'pending'], ['webhook', 'pending']]);
    });

    it('keeps one open request per person, across channels, and says when the first was made', async () => {
      const first = request();
      const a = await records.record(first, NOW);
      const b = await records.record({ ...first, conversationId: 'same-person-on-whatsapp', channel: 'whatsapp' }, new Date(NOW.getTime() + 30_000));
      expect(b).toEqual({ status: 'already_open', id: (a as { id: string }).id, createdAt: NOW });
      const both = await Promise.all([records.record(request({ contactHash: 'racing' }), NOW), records.record(request({ contactHash: 'racing' }), NOW)]);
      expect(both.map((o) => o.status).sort()).toEqual(['already_open', 'recorded']);
    });

    it('reveals a number only through an audited call, and closing erases it for good', async () => {
      const asked = request();
      const { id } = await records.record(asked, NOW);
      expect(await records.revealNumber(id, 'connector@council.gov.uk')).toBe(asked.phone);
      expect(await records.update(id, { status: 'contacted', note: 'Left a message' }, 'connector@council.gov.uk', NOW)).toBe(true);
      expect(await records.update(id, { status: 'closed' }, 'connector@council.gov.uk', NOW)).toBe(true);
      expect(await records.revealNumber(id, 'connector@council.gov.uk')).toBeNull();
      expect(await records.get(id)).toMatchObject({ status: 'closed', hasNumber: false, firstName: null, note: 'Left a message' });
      expect(await records.update(id, { status: 'contacted' }, 'someone', NOW)).toBe(false);
      const audit = await listAudit(db, { requestId: id });
      expect(audit.map((e) => [e.actor, e.action, e.detail]).reverse()).toEqual([
        ['resident', 'request_created', null],
        ['connector@council.gov.uk', 'number_revealed', null],
        ['connector@council.gov.uk', 'status_changed', 'contacted'],
        ['connector@council.gov.uk', 'note_changed', null],
        ['connector@council.gov.uk', 'status_changed', 'closed'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(asked.phone!.slice(1));
    });

    it('withdraws on cancel or STOP (number gone) and erases everything on DELETE', async () => {
      const asked = request();
      const { id } = await records.record(asked, NOW);
      expect(await records.withdraw({ conversationId: 'elsewhere', contactHash: asked.contactHash }, 'stop', NOW)).toBe(1);
      expect(await records.get(id)).toMatchObject({ status: 'withdrawn', hasNumber: false });
      expect(await records.withdraw({ conversationId: asked.conversationId, contactHash: asked.contactHash }, 'cancelled', NOW)).toBe(0);
      expect(await records.erase({ conversationId: asked.conversationId, contactHash: 'x' })).toBe(1);
      expect(await records.get(id)).toBeNull();
      expect((await listAudit(db, { requestId: id })).map((e) => e.action)).toContain('erased_by_resident');
    });

    it('purges requests older than the retention period, whatever their status, and audits each', async () => {
      const old = await records.record(request(), new Date('2026-10-01T10:00:00Z'));
      const recent = await records.record(request(), new Date('2026-11-20T10:00:00Z'));
      const purged = await records.purgeExpired(30, NOW);
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await records.get(old.id)).toBeNull();
      expect(await records.get(recent.id)).not.toBeNull();
      expect((await listAudit(db, { requestId: old.id }))[0]).toMatchObject({ actor: 'system', action: 'purged_after_retention', detail: '30 days' });
    });

    it('lists by status, longest waiting first, with the total, and treats a malformed id as not found', async () => {
      const { requests, total } = await records.list({ status: 'new', limit: 2 });
      expect(total).toBeGreaterThan(2);
      expect(requests).toHaveLength(2);
      expect(requests[0]!.createdAt.getTime()).toBeLessThanOrEqual(requests[1]!.createdAt.getTime());
      expect(requests.every((r) => r.status === 'new')).toBe(true);
      expect(await records.get("1' OR '1'='1")).toBeNull();
      expect(await records.revealNumber('not-an-id', 'x')).toBeNull();
    });

    it('lists without reading the names for a caller that never shows them (the admin API), the rest the same', async () => {
      const shown = await records.list({ status: 'new', limit: 5 });
      const unnamed = await records.list({ status: 'new', limit: 5, names: false });
      expect(shown.requests.some((r) => r.firstName === 'Ann')).toBe(true);
      expect(unnamed.requests.map((r) => r.firstName)).toEqual(shown.requests.map(() => null));
      expect(unnamed.requests.map((r) => ({ ...r, firstName: null }))).toEqual(shown.requests.map((r) => ({ ...r, firstName: null })));
    });

    it('pages by keyset: next after the last, previous before the first, the end from the end, ties in order', async () => {
      // Five requests made in the same millisecond: pages must neither skip nor repeat any of them.
      const same = new Date('2026-11-22T09:00:00Z');
      for (let i = 0; i < 5; i++) await records.record(request({ topic: 'other' }), same);
      const all = (await records.list({ status: 'new', limit: 1000 })).requests.map((r) => r.id);
      const walked: string[] = [];
      let page = await records.list({ status: 'new', limit: 3 });
      while (page.requests.length) {
        walked.push(...page.requests.map((r) => r.id));
        page = await records.list({ status: 'new', limit: 3, after: page.requests.at(-1)!.id });
      }
      expect(walked).toEqual(all);
      const back = await records.list({ status: 'new', limit: 3, before: all[4]! });
      expect(back.requests.map((r) => r.id)).toEqual(all.slice(1, 4));
      const end = await records.list({ status: 'new', fromEnd: 2 });
      expect(end.requests.map((r) => r.id)).toEqual(all.slice(-2));
      expect(end.total).toBe(all.length);
    });
  });
}
