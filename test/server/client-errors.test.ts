import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ADMIN_TOKEN, buildTestApp, inboundForm, sign } from '../support/test-server.js';

let harness: Awaited<ReturnType<typeof buildTestApp>>;
let server: Server;
let port: number;

beforeAll(async () => {
  harness = await buildTestApp(new MemoryStore());
  // Short limits so the test sees them act; production uses HTTP_TIMEOUTS.
  server = createHttpServer(harness.listener, { headersMs: 600, requestMs: 800, checkEveryMs: 100 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Write raw bytes, then read whatever the server answers until it closes the connection. */
function rawExchange(chunks: string[]): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => (text += data.toString()));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy());
    for (const chunk of chunks) socket.write(chunk);
  });
}

const unexpectedLogged = () => harness.logs.some((line) => line.includes('unexpected error'));

describe('requests a client got wrong are refused as such, before any processing', () => {
  const form = inboundForm('+447700900321', 'hi');
  const body = new URLSearchParams(form).toString();

  it.each(['utf-7', 'latin1', 'utf-16le', 'koi8-r'])('refuses charset=%s with 415, signed or not', async (charset) => {
    for (const signature of [sign('/twilio/messages', form), 'unsigned']) {
      const res = await request(harness.listener)
        .post('/twilio/messages')
        .set('Content-Type', `application/x-www-form-urlencoded; charset=${charset}`)
        .set('X-Twilio-Signature', signature)
        .send(body);
      expect(res.status).toBe(415);
      expect(res.text).toBe('Unsupported charset: send UTF-8.');
    }
    expect(unexpectedLogged()).toBe(false);
  });

  it('refuses Content-Encoding: compress with 415', async () => {
    const res = await request(harness.listener).post('/twilio/messages').set('Content-Type', 'application/x-www-form-urlencoded').set('Content-Encoding', 'compress').send(body);
    expect(res.status).toBe(415);
    expect(res.text).toMatch(/^Unsupported Content-Encoding/);
    expect(unexpectedLogged()).toBe(false);
  });

  it('answers a body shorter than its Content-Length with 408 once the request time is up, and closes', async () => {
    const { text, ms } = await rawExchange([
      `POST /twilio/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n`,
      body.slice(0, 20),
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(800 + 100 + 500);
    expect(unexpectedLogged()).toBe(false);
  });

  it('answers headers that never finish with 408 once the header time is up', async () => {
    const { text, ms } = await rawExchange(['POST /twilio/messages HTTP/1.1\r\nHost: x\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(600 + 100 + 500);
  });

  it('answers a body longer than its Content-Length with 400 (the rest is read as a broken request)', async () => {
    const { text } = await rawExchange([
      `POST /twilio/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\n${body}`,
    ]);
    // The first 5 bytes are the request (unsigned: 403); what follows is no HTTP request at all (400).
    expect(text).toMatch(/^HTTP\/1\.1 (400|403)/);
    expect(text).not.toMatch(/HTTP\/1\.1 5\d\d/);
  });
});

describe('headers and ids', () => {
  it('sends security headers on every answer, and a strict policy on the chat page', async () => {
    const res = await request(harness.listener).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const page = await request(harness.listener).get('/');
    // Only the page's own script files run; styles may be inline only for Mermaid's SVG, and load from nowhere else.
    const policy = Object.fromEntries(String(page.headers['content-security-policy']).split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self' 'unsafe-inline'");
    expect(policy['default-src']).toBe("'none'");
    expect(policy['connect-src']).toBe("'self'");
  });

  it('keeps a well-formed X-Request-Id and replaces anything else', async () => {
    const kept = await request(harness.listener).get('/healthz').set('X-Request-Id', 'abc-12345_XYZ');
    expect(kept.headers['x-request-id']).toBe('abc-12345_XYZ');
    for (const given of ['x', 'a'.repeat(65), 'id with spaces', 'ab%0Acd-12345', '{"json":1}']) {
      const res = await request(harness.listener).get('/healthz').set('X-Request-Id', given);
      expect(res.headers['x-request-id']).not.toBe(given);
      expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,64}$/);
    }
  });

  it('counts delivery failures under known Twilio codes only, the rest as other', async () => {
    for (const code of ['1' + '0'.repeat(23), '99999', '30007']) {
      const form = { MessageSid: 'SM1', MessageStatus: 'failed', ErrorCode: code, To: '+447700900999', From: '+447700900000' };
      const res = await request(harness.listener).post('/twilio/status').set('X-Twilio-Signature', sign('/twilio/status', form)).type('form').send(form);
      expect(res.status).toBe(204);
    }
    const metrics = await request(harness.listener).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(metrics.text).toMatch(/signpost_delivery_failures_total\{channel="sms",code="other"\} 2/);
    expect(metrics.text).toMatch(/signpost_delivery_failures_total\{channel="sms",code="30007"\} 1/);
    expect(metrics.text).not.toContain('1e+23');
  });

  it('refuses a wrong admin token of any length, and takes the right one', async () => {
    for (const auth of ['', 'Bearer', `Bearer ${ADMIN_TOKEN.slice(0, -1)}`, `Bearer ${ADMIN_TOKEN}x`, `bearer ${ADMIN_TOKEN}`]) {
      expect((await request(harness.listener).get('/metrics').set('Authorization', auth)).status).toBe(401);
    }
    expect((await request(harness.listener).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).status).toBe(200);
  });
});
