import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ACCOUNT_SID, buildTestApp, sign } from '../support/test-server.js';

/**
 * Property: whatever a client sends to the webhooks, signed or not, the answer is never a 5xx and never shows
 * a stack trace, and nothing is logged as unexpected. 10,000 generated requests over real HTTP.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const STACK = /\bat .+:\d+:\d+|\.(ts|js):\d+|Error:/;

const fieldNames = fc.constantFrom('MessageSid', 'SmsMessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'OptOutType', 'ButtonText', 'ButtonPayload', 'MessageStatus', 'ErrorCode', 'WaId', 'ProfileName');
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '0', '-1', '1e+23', 'NaN', 'whatsapp:', 'whatsapp:+447700900123', '+447700900123', '+4477009001230000000', ACCOUNT_SID, 'STOP', 'START', 'delete', 'yes', '%', '%zz', '\u0000', '\ud800', 'a'.repeat(5000)),
);
const anyForm = fc.dictionary(fc.oneof(fieldNames, fc.string({ maxLength: 20 })), nasty, { maxKeys: 12 });
/** Twilio-shaped forms with fuzzed values, so generated requests also reach the conversation. */
const phone = fc.integer({ min: 0, max: 999 }).map((n) => `+447700900${String(n).padStart(3, '0')}`);
const plausibleForm = fc
  .record({
    MessageSid: fc.oneof(fc.stringMatching(/^SM[0-9a-f]{32}$/), nasty),
    AccountSid: fc.oneof(fc.constant(ACCOUNT_SID), nasty),
    From: fc.oneof(phone, phone.map((p) => `whatsapp:${p}`), nasty),
    To: fc.constantFrom('+447700900000', 'whatsapp:+447700900000'),
    Body: fc.oneof(nasty, fc.constantFrom('hi', '1', '2', 'menu', 'back', 'delete', 'yes', 'S60 1AE', 'I want to die', 'more')),
    NumMedia: fc.oneof(fc.constant('0'), nasty),
    MessageStatus: fc.oneof(fc.constantFrom('failed', 'undelivered', 'delivered'), nasty),
    ErrorCode: fc.oneof(fc.constantFrom('21610', '63016', '30007'), fc.stringMatching(/^\d{0,30}$/), nasty),
  }, { requiredKeys: ['MessageSid', 'AccountSid', 'From', 'To'] });
const form = fc.oneof(anyForm, plausibleForm.map((f) => f as Record<string, string>));
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=utf-7',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=utf-16le',
  'application/x-www-form-urlencoded; charset=koi8-r',
  'application/x-www-form-urlencoded; charset=',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'x/y; a=b; c',
  '',
);
const contentEncoding = fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'compress', 'x-unknown');
const request = fc.record({
  path: fc.constantFrom('/twilio/messages', '/twilio/status'),
  form,
  rawBody: fc.option(fc.string({ unit: 'binary', maxLength: 2000 }), { freq: 4 }),
  contentType: fc.oneof({ weight: 1, arbitrary: contentType }, { weight: 2, arbitrary: fc.constant('application/x-www-form-urlencoded') }),
  contentEncoding: fc.oneof({ weight: 1, arbitrary: contentEncoding }, { weight: 2, arbitrary: fc.constant(undefined) }),
  signed: fc.boolean(),
  requestId: fc.option(fc.string({ maxLength: 80 })),
  idempotencyToken: fc.option(fc.string({ maxLength: 200 })),
});

describe('fuzzing the webhooks', () => {
  let harness: Awaited<ReturnType<typeof buildTestApp>>;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    harness = await buildTestApp(new MemoryStore());
    server = createHttpServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`answers ${RUNS.toLocaleString('en-GB')} generated requests, signed and unsigned, with no 5xx and no stack trace`, async () => {
    const statuses = new Map<number, number>();
    let signedAccepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const formBody = new URLSearchParams(r.form).toString();
        const body = r.rawBody ?? formBody;
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.contentEncoding) headers['content-encoding'] = r.contentEncoding;
        // Signed over the form as parsed, as Twilio signs it; a raw body keeps whatever signature it gets.
        if (r.signed) headers['x-twilio-signature'] = sign(r.path, r.form);
        const safeHeader = (v: string) => v.replace(/[^\x20-\x7e]/g, '');
        if (r.requestId !== null) headers['x-request-id'] = safeHeader(r.requestId);
        if (r.idempotencyToken !== null) headers['i-twilio-idempotency-token'] = safeHeader(r.idempotencyToken);
        const res = await fetch(base + r.path, { method: 'POST', headers, body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (r.signed && res.status < 300) signedAccepted += 1;
        expect(res.status, `${r.path} ${JSON.stringify(headers)} ${body.slice(0, 200)}`).toBeLessThan(500);
        expect(text).not.toMatch(STACK);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const logs = harness.logs.join('');
    expect(logs).not.toContain('unexpected error');
    expect(logs).not.toMatch(/"stack"/);
    console.info(`fuzz: ${RUNS} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${signedAccepted} signed ones accepted`);
    // The generator must reach the conversation too, not only the front door.
    expect(signedAccepted).toBeGreaterThan(0);
  }, 180_000);
});
