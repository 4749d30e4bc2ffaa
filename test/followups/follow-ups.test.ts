import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTwilioSender } from '../../src/channels/twilio-sender.js';
import { createMessageHandler } from '../../src/conversation/handle-message.js';
import { parseSession } from '../../src/conversation/session.js';
import { createFollowUpActions } from '../../src/followups/apply-follow-up-actions.js';
import { createBullScheduler } from '../../src/followups/bull-scheduler.js';
import { createRedisFollowUpRecords, openContact, type Contact } from '../../src/followups/follow-up-records.js';
import { createFollowUpSender } from '../../src/followups/follow-up-sender.js';
import { createDueFollowUpRunner, type FollowUpOutcome } from '../../src/followups/run-due-follow-up.js';
import { jobIdOf } from '../../src/followups/scheduler.js';
import { createSealer } from '../../src/followups/seal.js';
import { DEFAULT_SENDING_HOURS } from '../../src/followups/sending-hours.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { testBot } from '../support/test-bot.js';

const redisUrl = inject('redisUrl');
const url = new URL(redisUrl);
const connection = { host: url.hostname, port: Number(url.port) };
const accountSid = 'AC' + 'b'.repeat(32);
const authToken = 'follow-up-test-token';
const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
const TEMPLATE = 'HX' + 'c'.repeat(32);
const DAY = 86_400_000;

/** Twilio's Messages API, intercepted: each create is kept for assertions and answered as given. */
function twilioAnswers(...answers: Array<[number, object]>): Array<Record<string, string>> {
  const forms: Array<Record<string, string>> = [];
  for (const [status, body] of answers) {
    nock('https://api.twilio.com')
      .post(messagesPath, (form: Record<string, string>) => forms.push({ ...form }) > 0)
      .reply(status, body);
  }
  return forms;
}
const created = (sid: string) => ({ sid, status: 'queued', account_sid: accountSid });

describe('follow-ups end to end: engine, BullMQ on Redis, Twilio REST (nock)', () => {
  const prefix = `sp-fut-${randomUUID().slice(0, 8)}:`;
  const queuePrefix = prefix.slice(0, -1);
  let now = Date.now();
  const outcomes: Array<{ outcome: FollowUpOutcome; job: string; code?: number }> = [];
  let parts: Awaited<ReturnType<typeof build>>;

  async function build() {
    const redis = createRedisClient(redisUrl);
    await once(redis, 'ready');
    const store = new RedisStore(redis, { prefix });
    const sealer = createSealer(randomBytes(32));
    const records = createRedisFollowUpRecords(redis, { prefix });
    const scheduler = createBullScheduler({ connection, followUps: ['did_you_go', 'recheck', 'five_ways_nudge'], prefix: queuePrefix, retry: { attempts: 2, backoffMs: 100 } });
    const applyActions = createFollowUpActions({ scheduler, sealer, hours: DEFAULT_SENDING_HOURS });
    const handleMessage = createMessageHandler({ engine: (await testBot()).engine, store, sessionTtlSeconds: 3600, clock: () => now, applyActions });
    const twilio = createTwilioSender({ accountSid, authToken, smsFrom: '+447700900001', whatsappFrom: '+447700900002' });
    const send = createFollowUpSender({ twilio, templates: { five_ways_nudge: TEMPLATE }, templateVariables: { '1': 'Signpost' }, messagesPerSecond: 50, backoffMs: 10 });
    const run = createDueFollowUpRunner({ handleMessage, records, scheduler, sealer, send, onOutcome: (outcome, job, detail) => void outcomes.push({ outcome, job: job.conversationId, ...(detail?.code ? { code: detail.code } : {}) }) });
    const worker = scheduler.startWorker(async (job) => void (await run(job)));
    const queue = new Queue('followups', { connection, prefix: queuePrefix });
    return { redis, store, records, scheduler, sealer, handleMessage, worker, queue };
  }

  /** A resident on a channel asks for tips and agrees to a nudge in a week. */
  async function agreeToNudge(conversationId: string, contact: Contact): Promise<void> {
    for (const text of ['hi', 'menu', '2', '10', '2', '6', '1']) {
      now += 30_000;
      await parts.handleMessage({ conversationId, contact, message: { text } });
    }
  }

  /** A week passes: the job is promoted (made due now) and we wait until the worker has dealt with it. */
  async function aWeekLater(conversationId: string, followUp = 'five_ways_nudge'): Promise<FollowUpOutcome> {
    now += 7 * DAY;
    const before = outcomes.length;
    await (await parts.queue.getJob(jobIdOf(conversationId, followUp)))!.promote();
    for (let waited = 0; outcomes.length === before && waited < 8000; waited += 25) await sleep(25);
    return outcomes.at(-1)!.outcome;
  }

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
    parts = await build();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    await parts.worker.close();
    await parts.scheduler.close();
    await parts.queue.close();
    await parts.store.close();
    nock.enableNetConnect();
  });

  it('texts an SMS follow-up a week later, in sending hours, then forgets the number; the status callback updates its record', async () => {
    const contact: Contact = { channel: 'sms', address: '+447700900111' };
    await agreeToNudge('sms-1', contact);
    const [waiting] = await parts.scheduler.pending('sms-1');
    expect(waiting!.followUp).toBe('five_ways_nudge');
    const local = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(waiting!.dueAt));
    expect(local).toBeGreaterThanOrEqual(9);
    expect(local).toBeLessThan(20);
    // Sealed at rest: the number is nowhere in Redis as text.
    const keys = await parts.redis.keys(`${prefix}*`);
    const values = await Promise.all(keys.map(async (k) => ((await parts.redis.type(k)) === 'string' ? parts.redis.get(k) : '')));
    expect(values.join('|')).not.toContain('7700900111');
    const job = await parts.queue.getJob(jobIdOf('sms-1', 'five_ways_nudge'));
    expect(openContact(parts.sealer, job!.data.s)).toEqual(contact);

    const forms = twilioAnswers([201, created('SMfu1')]);
    expect(await aWeekLater('sms-1')).toBe('sent');
    expect(forms[0]).toMatchObject({ To: '+447700900111', From: '+447700900001' });
    expect(forms[0]!.Body).toContain('Hello again from Signpost');
    expect(parseSession(await parts.store.getSession('sms-1'))?.at).toBe('five_ways_nudge.nudge');
    // The job, and the sealed number in it, are gone once sent.
    expect(await parts.queue.getJob(jobIdOf('sms-1', 'five_ways_nudge'))).toBeUndefined();
    expect(await parts.records.updateDelivery('SMfu1', 'delivered')).toBe(true);
    expect(await parts.records.readDelivery('SMfu1')).toEqual({ job: jobIdOf('sms-1', 'five_ways_nudge'), status: 'delivered' });
  });

  it('sends WhatsApp follow-ups only as the approved template (ContentSid and ContentVariables)', async () => {
    await agreeToNudge('wa-1', { channel: 'whatsapp', address: '+447700900222' });
    const forms = twilioAnswers([201, created('SMfu2')]);
    expect(await aWeekLater('wa-1')).toBe('sent');
    expect(forms[0]).toMatchObject({ To: 'whatsapp:+447700900222', From: 'whatsapp:+447700900002', ContentSid: TEMPLATE, ContentVariables: '{"1":"Signpost"}' });
    expect(forms[0]!.Body).toBeUndefined();
  });

  it('STOP between scheduling and sending cancels the job and erases the number; nothing is sent', async () => {
    await agreeToNudge('stop-1', { channel: 'sms', address: '+447700900333' });
    expect(await parts.scheduler.pending('stop-1')).toHaveLength(1);
    await parts.handleMessage({ conversationId: 'stop-1', message: { text: 'STOP' } });
    expect(await parts.scheduler.pending('stop-1')).toEqual([]);
    expect(await parts.queue.getJob(jobIdOf('stop-1', 'five_ways_nudge'))).toBeUndefined();
  });

  it('retries a 429 from Twilio and sends once; a template error is recorded and not retried', async () => {
    await agreeToNudge('busy-1', { channel: 'sms', address: '+447700900444' });
    const forms = twilioAnswers([429, { code: 20429, message: 'Too Many Requests', status: 429 }], [201, created('SMfu3')]);
    expect(await aWeekLater('busy-1')).toBe('sent');
    expect(forms).toHaveLength(2);

    await agreeToNudge('tpl-1', { channel: 'whatsapp', address: '+447700900555' });
    const bad = twilioAnswers([400, { code: 63027, message: 'Template does not exist for a language and locale', status: 400 }]);
    expect(await aWeekLater('tpl-1')).toBe('failed');
    await sleep(400);
    expect(bad).toHaveLength(1);
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'failed', code: 63027 });
  });

  it('stops sending to someone Twilio says opted out (21610): their conversation records the STOP', async () => {
    await agreeToNudge('out-1', { channel: 'sms', address: '+447700900666' });
    twilioAnswers([400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }]);
    expect(await aWeekLater('out-1')).toBe('refused');
    expect(parseSession(await parts.store.getSession('out-1'))?.optedOut).toBe(true);
    expect(await parts.queue.getJob(jobIdOf('out-1', 'five_ways_nudge'))).toBeUndefined();
  });

  it('cancels the follow-ups agreed on WhatsApp, sealed number and all, when the same person deletes by SMS', async () => {
    await agreeToNudge('wa-del', { channel: 'whatsapp', address: '+447700900888' });
    expect(await parts.scheduler.pending('wa-del')).toHaveLength(1);
    const sms = { conversationId: 'sms-del', linkedConversationIds: ['sms-del', 'wa-del'], contact: { channel: 'sms', address: '+447700900888' } as Contact };
    await parts.handleMessage({ ...sms, message: { text: 'delete' } });
    await parts.handleMessage({ ...sms, message: { text: 'yes' } });
    expect(await parts.scheduler.pending('wa-del')).toEqual([]);
    expect(await parts.queue.getJob(jobIdOf('wa-del', 'five_ways_nudge'))).toBeUndefined();
  });

  it('drops and counts a due job whose conversation was deleted (and whose number went with it): never sent', async () => {
    await agreeToNudge('del-1', { channel: 'sms', address: '+447700900777' });
    const job = (await parts.queue.getJob(jobIdOf('del-1', 'five_ways_nudge')))!;
    await parts.handleMessage({ conversationId: 'del-1', message: { text: 'delete' } });
    await parts.handleMessage({ conversationId: 'del-1', message: { text: 'yes' } });
    expect(await parts.store.getSession('del-1')).toBeNull();
    // The job escaped the cancel (it was being taken as DELETE came in): put it back and let it run.
    await parts.queue.add(job.name, job.data, { jobId: job.id! });
    for (let waited = 0; outcomes.at(-1)?.job !== 'del-1' && waited < 8000; waited += 25) await sleep(25);
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'dropped', job: 'del-1' });
    expect(await parts.store.getSession('del-1')).toBeNull();
  });
});
