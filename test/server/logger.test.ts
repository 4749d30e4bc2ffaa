import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { logger, lines };
}

describe('log lines', () => {
  it('never show message words, phone numbers or request credentials, at the top or one level down', async () => {
    const { logger, lines } = capture();
    const logged = {
      requestId: 'r1',
      Body: 'I feel alone',
      From: '+447700900123',
      inbound: { text: 'hi there', phone: '07700 900123', channel: 'sms' },
      req: { method: 'POST', headers: { authorization: 'Bearer admin-token', 'x-twilio-signature': 'c2lnbmF0dXJl', host: 'signpost.example' } },
    };
    logger.info(logged, 'turn');
    logger.warn({ to: '+447700900456', outcome: 'sent' }, 'follow-up');
    await new Promise((r) => setImmediate(r));
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of ['I feel alone', '900123', 'hi there', 'admin-token', 'c2lnbmF0dXJl', '900456']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      msg: 'turn',
      requestId: 'r1',
      Body: '[redacted]',
      inbound: { text: '[redacted]', phone: '[redacted]', channel: 'sms' },
      req: { method: 'POST', headers: { authorization: '[redacted]', 'x-twilio-signature': '[redacted]', host: 'signpost.example' } },
    });
    expect(lines[1]).toMatchObject({ msg: 'follow-up', to: '[redacted]', outcome: 'sent' });
    // The caller's object is left as it was.
    expect(logged.inbound.text).toBe('hi there');
  });

  it('keeps errors and ordinary fields as they are', async () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('redis down'), conversation: 'c0ffee', replies: 2 }, 'store failed');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ msg: 'store failed', conversation: 'c0ffee', replies: 2, err: { message: 'redis down' } });
  });
});
