import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { buildTestApp, inboundForm, messagesIn, sign } from '../support/test-server.js';

/**
 * The webhook reads its own urlencoded form ahead of express's router: what Twilio may send is read as before,
 * and what a broken client sends is refused with the same answers body-parser gave.
 */
let harness: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  harness = await buildTestApp(new MemoryStore());
});

const path = '/twilio/messages';

describe('the webhook form', () => {
  it('answers a signed message the same through the front door and through express', async () => {
    const viaListener = inboundForm('+447700900401', 'hi');
    const viaExpress = inboundForm('+447700900402', 'hi');
    const a = await request(harness.listener).post(path).set('X-Twilio-Signature', sign(path, viaListener)).type('form').send(viaListener);
    // A query string is not the webhook's own path, so express serves it, with the same handler.
    const b = await request(harness.listener).post(`${path}?via=express`).set('X-Twilio-Signature', sign(`${path}?via=express`, viaExpress)).type('form').send(viaExpress);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(messagesIn(a.text)).toEqual(messagesIn(b.text));
    expect(messagesIn(a.text).length).toBeGreaterThan(0);
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['x-request-id']).toMatch(/^[\w-]{8,64}$/);
  });

  it('reads a gzip-compressed form and an ISO-8859-1 one', async () => {
    const form = inboundForm('+447700900403', 'hi');
    // Raw bytes over real HTTP: supertest would re-encode a body sent as a form.
    const server = createServer(harness.listener).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const gz = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': sign(path, form), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' },
      body: gzipSync(new URLSearchParams(form).toString()),
    });
    server.close();
    expect(gz.status).toBe(200);
    expect(messagesIn(await gz.text()).length).toBeGreaterThan(0);
    const latin = inboundForm('+447700900404', 'hi');
    const res = await request(harness.listener)
      .post(path)
      .set('X-Twilio-Signature', sign(path, latin))
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=ISO-8859-1')
      .send(new URLSearchParams(latin).toString());
    expect(res.status).toBe(200);
  });

  it('refuses a body over 32 KB with 413 and too many fields with 400, as plain words', async () => {
    const big = await request(harness.listener).post(path).type('form').send({ Body: 'x'.repeat(40_000) });
    expect(big.status).toBe(413);
    expect(big.text).toBe('Payload too large: the limit is 32kb.');
    const many = await request(harness.listener)
      .post(path)
      .type('form')
      .send(Array.from({ length: 201 }, (_, i) => `f${i}=1`).join('&'));
    expect(many.status).toBe(400);
    expect(many.text).toBe('Bad request: the body could not be read.');
    expect(harness.logs.some((line) => line.includes('unexpected error'))).toBe(false);
  });

  it('writes one log line per turn, with the request id and no words or numbers', async () => {
    const form = inboundForm('+447700900405', 'hi');
    const before = harness.logs.length;
    const res = await request(harness.listener).post(path).set('X-Twilio-Signature', sign(path, form)).set('X-Request-Id', 'turn-log-test-1').type('form').send(form);
    expect(res.status).toBe(200);
    const lines = harness.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'turn', requestId: 'turn-log-test-1', messageId: form.MessageSid, outcome: 'handled' });
    expect(lines[0]).not.toContain('700900405');
  });
});
