import { createHmac, timingSafeEqual } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDutyAlert } from '../../src/safety/index.js';

const URL_BASE = 'https://duty.example-council.gov.uk';
const SECRET = 'test-secret';
const event = { category: 'suicide_self_harm', level: 'clear', at: new Date('2026-11-23T10:00:00Z'), conversationId: 'c-3f9a' } as const;

/** What a council's receiver would do: HMAC `<timestamp>.<raw body>` and compare in constant time. */
function verify(rawBody: string, header: string | undefined, timestamp: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('duty alert', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('posts a signed body with only category, level, time and conversation id', async () => {
    let raw = '';
    const headers: Record<string, string> = {};
    const capture = (name: string) => (value: string) => ((headers[name] = value), true);
    nock(URL_BASE, { reqheaders: { 'x-signpost-signature': capture('signature'), 'x-signpost-timestamp': capture('timestamp') } })
      // nock 15 hangs fetch when reply() gets a function, so the body matcher captures the body instead. It hands
      // over parsed JSON; re-serialising gives the same bytes for a flat object built in a fixed key order.
      .post('/alerts', (body) => ((raw = JSON.stringify(body)), true))
      .reply(202);

    const status = await createDutyAlert({ url: `${URL_BASE}/alerts`, secret: SECRET }).send(event);

    expect(status).toEqual({ ok: true, status: 202 });
    expect(JSON.parse(raw)).toEqual({ category: 'suicide_self_harm', level: 'clear', at: '2026-11-23T10:00:00.000Z', conversationId: 'c-3f9a' });
    expect(verify(raw, headers.signature!, headers.timestamp!)).toBe(true);
    expect(verify(raw.replace('clear', 'check'), headers.signature!, headers.timestamp!)).toBe(false);
    // A replay with a new timestamp can't reuse the old signature.
    expect(verify(raw, headers.signature!, String(Number(headers.timestamp) + 600))).toBe(false);
    expect(Number(headers.timestamp)).toBeGreaterThan(1_700_000_000);
  });

  it('never sends anything else a caller passes, such as message text or a phone number', async () => {
    let raw = '';
    nock(URL_BASE)
      .post('/alerts', (body) => ((raw = JSON.stringify(body)), true))
      .reply(200, 'ok');
    const leaky = { ...event, text: 'i want to end it all', from: 'whatsapp:+447700900123' };
    await createDutyAlert({ url: `${URL_BASE}/alerts`, secret: SECRET }).send(leaky);
    expect(raw).not.toMatch(/end it all|447700900123|text|from/);
  });

  it('reports failures as a status instead of throwing', async () => {
    nock(URL_BASE).post('/alerts').reply(500, 'nope');
    const alert = createDutyAlert({ url: `${URL_BASE}/alerts`, secret: SECRET });
    expect(await alert.send(event)).toEqual({ ok: false, status: 500, error: 'HTTP 500' });

    nock(URL_BASE).post('/alerts').replyWithError('connection refused');
    expect(await alert.send(event)).toMatchObject({ ok: false });

    // nock 15's delay() does not hold back fetch, so a fetch that only ends when aborted stands in for a slow server.
    const hanging = ((_url: string | URL | Request, init?: RequestInit) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof globalThis.fetch;
    const slow = createDutyAlert({ url: `${URL_BASE}/alerts`, secret: SECRET, timeoutMs: 20, fetch: hanging });
    expect(await slow.send(event)).toEqual({ ok: false, error: 'TimeoutError' });
  });

  it('uses an injected fetch', async () => {
    const calls: RequestInit[] = [];
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      calls.push(init!);
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    expect(await createDutyAlert({ url: 'https://x.test/a', secret: SECRET, fetch }).send(event)).toEqual({ ok: true, status: 204 });
    const sent = calls[0]!.headers as Record<string, string>;
    expect(verify(String(calls[0]!.body), sent['X-Signpost-Signature'], sent['X-Signpost-Timestamp']!)).toBe(true);
  });
});
