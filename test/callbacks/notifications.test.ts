import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackRecords } from '../../src/callbacks/callback-records.js';
import { createEmailNotifier } from '../../src/callbacks/email-notifier.js';
import { createNotificationDispatcher } from '../../src/callbacks/notifications.js';
import { createWebhookNotifier } from '../../src/callbacks/webhook-notifier.js';
import { createTranslator } from '../../src/content/translate.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { openCallbackRecords } from '../support/callback-records.js';
import { createTestDatabase } from '../support/postgres.js';
import { testBot } from '../support/test-bot.js';

const PHONE = '+447700900321';
const NOW = new Date('2026-11-23T10:00:00Z');

/** A real SMTP server on a free port that keeps every message it is sent. */
async function startSmtp(): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      // Undo quoted-printable soft line breaks and escapes, so assertions read the text as a person would.
      stream.on('end', () => (messages.push(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))), done()));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('notifying the team of a callback request', () => {
  let db: Database;
  let records: CallbackRecords;
  let drop: () => Promise<void>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: ReturnType<typeof createTranslator>;
  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    db = await openDatabase({ databaseUrl: test.url });
    ({ records } = await openCallbackRecords({ db, notify: ['email'] }));
    smtp = await startSmtp();
    const bot = await testBot();
    t = createTranslator(bot.content, 'en');
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.close();
    await drop?.();
  });

  const ask = (contactHash: string) =>
    records.record(
      { conversationId: contactHash, contactHash, channel: 'whatsapp', locale: 'pl', method: 'text', bestTime: 'evening', topic: 'practical', phone: PHONE, firstName: 'Łucja' },
      NOW,
    );

  it('e-mails the team through SMTP with what, when and a link to the inbox, but never the number or the name', async () => {
    const { id } = await ask('mail-ok');
    const email = createEmailNotifier({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, to: 'connectors@council.gov.uk', from: 'signpost@council.gov.uk', publicBaseUrl: 'https://signpost.example.gov.uk', t });
    const deliverDue = createNotificationDispatcher({ db, records, senders: { email } });
    expect(await deliverDue(NOW)).toEqual({ sent: 1, failed: 0 });
    const message = smtp.messages.at(-1)!;
    expect(message).toMatch(/^To: connectors@council\.gov\.uk/m);
    expect(message).toMatch(/^Subject: New callback request: Practical worries \(money, housing, caring\)/m);
    expect(message).toContain('A text message');
    expect(message).toContain('Early evenings');
    expect(message).toContain('Language:  pl');
    expect(message).toContain(`https://signpost.example.gov.uk/connect/requests/${id}`);
    expect(message).not.toContain(PHONE.slice(3));
    expect(message).not.toMatch(/ucja/);
    expect((await records.get(id))!.notifications).toEqual([{ kind: 'email', status: 'sent', attempts: 1, lastError: null }]);
    expect(await deliverDue(new Date(NOW.getTime() + 3_600_000))).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps the request when the SMTP server is down, shows why, retries with backoff and gives up visibly', async () => {
    const { id } = await ask('mail-down');
    const down = await startSmtp();
    await down.close();
    const email = createEmailNotifier({ smtpUrl: `smtp://127.0.0.1:${down.port}`, to: 'c@council.gov.uk', from: 's@council.gov.uk', publicBaseUrl: 'https://x', t });
    const deliverDue = createNotificationDispatcher({ db, records, senders: { email }, maxAttempts: 3, retryBaseMs: 60_000 });
    expect(await deliverDue(NOW)).toEqual({ sent: 0, failed: 1 });
    const afterOne = (await records.get(id))!;
    expect(afterOne.status).toBe('new');
    expect(afterOne.notifications[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(await deliverDue(new Date(NOW.getTime() + 30_000))).toEqual({ sent: 0, failed: 0 }); // not yet due
    expect(await deliverDue(new Date(NOW.getTime() + 61_000))).toEqual({ sent: 0, failed: 1 });
    expect(await deliverDue(new Date(NOW.getTime() + 240_000))).toEqual({ sent: 0, failed: 1 });
    expect((await records.get(id))!.notifications[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await records.revealNumber(id, 'connector@council.gov.uk')).toBe(PHONE);

    // A retry that succeeds clears the error.
    const { id: second } = await ask('mail-recovers');
    const working = createEmailNotifier({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, to: 'c@council.gov.uk', from: 's@council.gov.uk', publicBaseUrl: 'https://x', t });
    await createNotificationDispatcher({ db, records, senders: { email } })(NOW);
    await createNotificationDispatcher({ db, records, senders: { email: working } })(new Date(NOW.getTime() + 120_000));
    expect((await records.get(second))!.notifications[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('posts to a webhook signed like duty alerts, without the number or the name', async () => {
    const received: { body: string; signature: string; timestamp: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-signpost-signature']), timestamp: String(req.headers['x-signpost-timestamp']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { db: own, records: hooked } = await openCallbackRecords({ db, notify: ['webhook'] });
      const { id } = await hooked.record(
        { conversationId: 'hook', contactHash: 'hook', channel: 'sms', locale: 'en', method: 'call', bestTime: 'any', topic: 'other', phone: PHONE, firstName: null },
        NOW,
      );
      const secret = 'webhook-secret-0123456789';
      const webhook = createWebhookNotifier({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret, publicBaseUrl: 'https://x' });
      expect(await createNotificationDispatcher({ db: own, records: hooked, senders: { webhook } })(NOW)).toEqual({ sent: 1, failed: 0 });
      const [hit] = received;
      expect(hit!.signature).toBe(`sha256=${createHmac('sha256', secret).update(`${hit!.timestamp}.${hit!.body}`).digest('hex')}`);
      expect(JSON.parse(hit!.body)).toMatchObject({ type: 'callback_request', id, method: 'call', topic: 'other', inboxUrl: `https://x/connect/requests/${id}` });
      expect(hit!.body).not.toContain(PHONE.slice(3));
    } finally {
      server.close();
    }
  });
});
