import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import nock from 'nock';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { OutageSpool } from '../../src/server/outage-spool.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server.js';
import { Resident } from '../support/test-bot.js';
import { ACCOUNT_SID, AUTH_TOKEN, buildTestApp, ID_SECRET, inboundForm, messagesIn, SERVICE_NUMBER, sign } from '../support/test-server.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { channel: 'sms' as const, to: '+447700900888', conversationId: 'conv-1', text: 'my husband Fred died', mediaCount: 0, answered: false };

describe('the outage spool file', () => {
  it('keeps messages across a restart until they are marked done, encrypted, then empties itself', async () => {
    const path = join(dir, 'a', 'spool.log');
    const spool = await OutageSpool.open(path, ID_SECRET);
    const first = await spool.append({ ...base, messageId: 'SM1' });
    await spool.append({ ...base, messageId: 'SM2', conversationId: 'conv-2' });
    expect(spool.holds('conv-1')).toBe(true);
    await spool.close();
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain('Fred');
    expect(onDisk).not.toContain('447700900888');

    // As after a SIGKILL: a new process finds both, in order, and a torn last line is skipped.
    appendFileSync(path, 'not a whole li');
    const reopened = await OutageSpool.open(path, ID_SECRET);
    expect(reopened.pending().map((m) => m.messageId)).toEqual(['SM1', 'SM2']);
    await reopened.markDone(first.seq);
    const third = await reopened.append({ ...base, messageId: 'SM3' });
    expect(third.seq).toBeGreaterThan(2);
    await reopened.close();

    const again = await OutageSpool.open(path, ID_SECRET);
    expect(again.pending().map((m) => m.messageId)).toEqual(['SM2', 'SM3']);
    for (const m of again.pending()) await again.markDone(m.seq);
    expect(again.holds('conv-1')).toBe(false);
    await again.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('forgets the messages of a person who asked for everything to be deleted, on every channel, and rewrites the file without them', async () => {
    const path = join(dir, 'forget.log');
    const spool = await OutageSpool.open(path, ID_SECRET);
    await spool.append({ ...base, messageId: 'SM1', conversationId: 'sms-of-fred' }, 1_000);
    await spool.append({ ...base, messageId: 'SM2', conversationId: 'someone-else' }, 1_001);
    await spool.append({ ...base, messageId: 'SM3', conversationId: 'whatsapp-of-fred' }, 1_002);
    await spool.append({ ...base, messageId: 'SM4', conversationId: 'sms-of-fred' }, 5_000); // sent after the DELETE
    const linesBefore = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
    expect(await spool.forget(['sms-of-fred', 'whatsapp-of-fred'], 2_000)).toBe(2);
    expect(spool.pending().map((m) => m.messageId)).toEqual(['SM2', 'SM4']);
    await spool.close();
    // Gone from the disk, not only marked done.
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(linesBefore - 2);
    const reopened = await OutageSpool.open(path, ID_SECRET);
    expect(reopened.pending().map((m) => m.messageId)).toEqual(['SM2', 'SM4']);
    await reopened.close();
  });

  it('remembers across a restart how far a message\'s replay got', async () => {
    const path = join(dir, 'progress.log');
    const spool = await OutageSpool.open(path, ID_SECRET);
    const record = await spool.append({ ...base, messageId: 'SM1' });
    expect(spool.progressOf(record.seq)).toBeNull();
    await spool.recordProgress(record.seq, 0);
    await spool.recordProgress(record.seq, 1);
    await spool.close();
    const reopened = await OutageSpool.open(path, ID_SECRET);
    expect(reopened.progressOf(record.seq)).toBe(1);
    await reopened.markDone(record.seq);
    expect(reopened.progressOf(record.seq)).toBeNull();
    await reopened.close();
  });

  it('cannot be read under another ID_SECRET', async () => {
    const path = join(dir, 'b.log');
    const spool = await OutageSpool.open(path, ID_SECRET);
    await spool.append({ ...base, messageId: 'SM1' });
    await spool.close();
    const other = await OutageSpool.open(path, 'another-secret-0123456789');
    expect(other.pending()).toEqual([]);
    await other.close();
    writeFileSync(path, '');
  });
});

describe('a Redis outage loses nothing', () => {
  let redis: ThrowawayRedis;
  let client: Redis;
  let harness: Awaited<ReturnType<typeof buildTestApp>>;
  const phone = '+447700900666';
  const sent: string[] = [];
  const say = (text: string) => {
    const form = inboundForm(phone, text);
    return request(harness.app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
  };

  const redisDir = mkdtempSync(join(dir, 'redis-'));
  beforeAll(async () => {
    redis = await startRedisServer(undefined, { dir: redisDir });
    client = createRedisClient(redis.url);
    await once(client, 'ready');
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock('https://api.twilio.com')
      .persist()
      .post(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, (form: Record<string, string>) => (form.To === phone ? sent.push(form.Body ?? '') : 0) >= 0)
      .reply(201, () => ({ sid: `SM${String(sent.length).padStart(32, '0')}`, status: 'queued' }));
    harness = await buildTestApp(new RedisStore(client, { prefix: 'sp-spool' }), {
      spoolFile: join(dir, 'outage', 'spool.log'),
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, smsFrom: SERVICE_NUMBER, whatsappFrom: SERVICE_NUMBER },
    });
  });
  afterAll(async () => {
    await harness.replay?.stop();
    await harness.spool?.close();
    nock.cleanAll();
    nock.enableNetConnect();
    client.disconnect();
    await redis.stop();
  });

  it('keeps messages sent while Redis is down, answers them calmly at once (a crisis in full), and replays them in order when it is back', async () => {
    await say('hi');
    await say('1');

    await redis.stop();
    const during: string[] = [];
    for (const text of ['2', 'I want to end my life', '3']) {
      const started = Date.now();
      const res = await say(text);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      during.push(messagesIn(res.text).join('\n'));
    }
    expect(during[0]).toContain("I've got your message");
    expect(during[0]).toContain('116 123');
    expect(during[1]).toContain("I'm really sorry you're feeling this way");
    expect(during[1]).toContain('999');
    expect(harness.spool!.pending()).toHaveLength(3);

    redis = await startRedisServer(redis.port, { dir: redisDir });
    for (let i = 0; i < 50 && harness.spool!.pending().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(harness.spool!.pending()).toEqual([]);

    // The replies to "2" and "3" went out through the REST API, in order; the crisis reply was not sent twice.
    expect(sent.join('\n')).toContain('How often do you feel left out?');
    expect(sent.join('\n')).toContain('How often do you feel isolated');
    expect(sent.findIndex((b) => b.includes('left out'))).toBeLessThan(sent.findIndex((b) => b.includes('isolated')));
    expect(sent.join('\n')).not.toContain("I'm really sorry you're feeling this way");

    // The conversation is where it would be had Redis never gone down.
    const resident = new Resident(harness.live.current);
    for (const text of ['hi', '1', '2', 'I want to end my life', '3']) await resident.says(text);
    const stored = JSON.parse((await harness.store.getSession(conversationIdFor(ID_SECRET, 'sms', phone)))!) as { at: string };
    expect(stored.at).toBe(resident.session?.at);
  }, 30_000);
});
