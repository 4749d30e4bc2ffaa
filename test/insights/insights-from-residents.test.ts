import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/connect/accounts.js';
import { buildConnectHarness } from '../support/connect-harness.js';
import { signInAs } from '../support/staff-session.js';

const PASSWORD = 'a long analyst password';

describe('what residents do reaches the analysts, and nobody can be picked out', () => {
  let h: Awaited<ReturnType<typeof buildConnectHarness>>;
  beforeAll(async () => {
    h = await buildConnectHarness({}, { analytics: true });
    await createAccount(await h.db(), 'ana@council.gov.uk', PASSWORD, 'analyst');
  }, 60_000);
  afterAll(() => h?.close());

  it('counts new conversations by channel from the webhook, shows under 10 as "<10", and never a number or a message', async () => {
    for (let i = 0; i < 12; i++) await h.texts(i < 10 ? `+4477009001${String(i).padStart(2, '0')}` : `whatsapp:+4477009002${i}`, 'Hello from Maple Street');
    await h.analytics!.maintain();
    const { cookie } = await signInAs(h.app, '/insights', 'ana@council.gov.uk', PASSWORD);
    const today = new Date().toISOString().slice(0, 10);
    const page = await request(h.app).get(`/insights/reports?from=${today}&to=${today}`).set('Cookie', cookie);
    expect(page.status).toBe(200);
    const rows = /id="report-conversations_by_week"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page.text)![1]!;
    expect(rows.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().split(/ (?=\d{4}-)/)).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} sms en – 10$/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} whatsapp en – &lt;10$/),
    ]);
    const csv = await request(h.app).get(`/insights/conversations_by_week.csv?from=${today}&to=${today}`).set('Cookie', cookie);
    for (const shown of [page.text, csv.text]) {
      expect(shown).not.toMatch(/7700900|maple/i);
    }
    expect(csv.text).toMatch(/,whatsapp,en,,<10\r\n$/);
  }, 60_000);
});
