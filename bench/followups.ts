/**
 * npm run bench:followups — schedule 100,000 follow-ups (a BullMQ job and a sealed number each, on a private
 * redis-server), then drain them through the whole path: the engine turn under the conversation lock, a send
 * claim, Twilio's SDK posting to a local fake Twilio (an HTTP server), the delivery record. Prints sends/s, lost
 * and doubled sends (the fake counts each number it was sent to) and Redis bytes per pending follow-up, beside a
 * baseline of bare BullMQ jobs (same count, a processor that does nothing) in the same run.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { conversationIdFor } from '../src/channels/conversation-id.js';
import { createTwilioSender } from '../src/channels/twilio-sender.js';
import { createMessageHandler } from '../src/conversation/handle-message.js';
import { newSession, serialiseSession } from '../src/conversation/session.js';
import { createBullScheduler } from '../src/followups/bull-scheduler.js';
import { createRedisFollowUpRecords, sealContact } from '../src/followups/follow-up-records.js';
import { createFollowUpSender } from '../src/followups/follow-up-sender.js';
import { createDueFollowUpRunner, type FollowUpOutcome } from '../src/followups/run-due-follow-up.js';
import { createSealer } from '../src/followups/seal.js';
import { loadRuntimeBot } from '../src/runtime-bot.js';
import { conversationKey } from '../src/store/redis-keys.js';
import { createRedisClient } from '../src/store/redis-client.js';
import { RedisStore } from '../src/store/redis-store.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { fmt } from './stats.js';

const COUNT = Number(process.env.BENCH_FOLLOWUPS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const ACCOUNT = 'AC' + '0'.repeat(32);
const root = fileURLToPath(new URL('..', import.meta.url));

const { bot } = await loadRuntimeBot({ root, onMissingText: () => {} });
if (!bot) throw new Error('flows/content have errors: run npm run content:check');
const redisServer = await startRedisServer();
const connection = { host: '127.0.0.1', port: redisServer.port };
const admin = new Redis(redisServer.url);
// Redis as installed by default; BENCH_LISTPACK_VALUE=512 measures it as docker-compose.yml runs it (a job's
// hash then stays in the compact listpack encoding). Baseline and follow-ups share it.
if (process.env.BENCH_LISTPACK_VALUE) await admin.config('SET', 'hash-max-listpack-value', process.env.BENCH_LISTPACK_VALUE);
const [, LISTPACK_VALUE] = (await admin.config('GET', 'hash-max-listpack-value')) as [string, string];

/** The fake Twilio, in its own process (as the real one is): counts sends per recipient. */
const fake = fork(fileURLToPath(new URL('fake-twilio.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
const [{ port: fakePort }] = (await once(fake, 'message')) as [{ port: number }];
const fakeUrl = `http://127.0.0.1:${fakePort}`;
async function fakeCounts(): Promise<{ received: number; sentTo: Map<string, number> }> {
  fake.send('counts');
  const [reply] = (await once(fake, 'message')) as [{ received: number; sentTo: [string, number][] }];
  return { received: reply.received, sentTo: new Map(reply.sentTo) };
}

async function usedMemory(): Promise<number> {
  const info = await admin.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 50));
}

// --- Baseline: bare BullMQ jobs, the same count, delayed then promoted, drained by a processor doing nothing.
async function baseline(): Promise<{ perSecond: number; bytesPerJob: number }> {
  const queue = new Queue('bare', { connection, prefix: 'bare' });
  const before = await usedMemory();
  for (let i = 0; i < COUNT; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, COUNT - i) }, (_, j) => ({ name: 'job', data: { c: `conv-${i + j}` }, opts: { jobId: `bare-${i + j}`, delay: 3_600_000, removeOnComplete: true } })));
  }
  const bytesPerJob = ((await usedMemory()) - before) / COUNT;
  let done = 0;
  const worker = new Worker('bare', async () => void done++, { connection: { ...connection, maxRetriesPerRequest: null }, prefix: 'bare', concurrency: CONCURRENCY });
  const started = performance.now();
  await queue.promoteJobs();
  await waitUntil(() => done >= COUNT);
  const perSecond = COUNT / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { perSecond, bytesPerJob };
}

// --- Follow-ups: the whole path.
async function followUps() {
  // As production opens it (src/store/redis-client.ts): auto-pipelining on.
  const redis = createRedisClient(redisServer.url);
  const store = new RedisStore(redis);
  const sealer = createSealer(randomBytes(32));
  const records = createRedisFollowUpRecords(redis);
  // Retries come quickly and at any hour here, so a run that failed under load (a Redis timeout, a busy
  // conversation) is retried within the bench and only a follow-up that never went counts as lost.
  const scheduler = createBullScheduler({ connection, followUps: ['five_ways_nudge'], retry: { attempts: 5, backoffMs: 200 }, hours: { from: '00:00', until: '23:59' } });
  const handleMessage = createMessageHandler({ engine: bot!.engine, store, sessionTtlSeconds: 30 * 86_400 });
  const now = Date.now();
  const address = (i: number) => `+4477${String(i).padStart(8, '0')}`;
  // Conversation ids as the webhook makes them (22 characters of an HMAC), so job ids are their real length.
  const idOf = (i: number) => conversationIdFor('bench-secret-0123456789', 'sms', address(i));

  // The sessions exist already (the residents' conversations); only what a follow-up adds is measured.
  for (let i = 0; i < COUNT; i += 1000) {
    // Seeded on the plain connection: the fail-fast client's 500 ms command timeout is for turns, not bulk loads.
    const pipeline = admin.pipeline();
    for (let j = i; j < Math.min(COUNT, i + 1000); j++) {
      const session = { ...newSession('en', bot!.engine.flowsVersion, now), at: 'menu.main', followUps: { five_ways_nudge: now + 3_600_000 } };
      pipeline.set(conversationKey('sp', idOf(j), 'session'), serialiseSession(session), 'EX', 86_400);
    }
    await pipeline.exec();
  }
  const before = await usedMemory();
  for (let i = 0; i < COUNT; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, COUNT - i) }, async (_, k) => {
        const j = i + k;
        const sealedContact = sealContact(sealer, { channel: 'sms', address: address(j) });
        await scheduler.schedule({ conversationId: idOf(j), followUp: 'five_ways_nudge', vars: {}, sealedContact }, now + 3_600_000);
      }),
    );
  }
  const bytesPerFollowUp = ((await usedMemory()) - before) / COUNT;

  const outcomes = new Map<FollowUpOutcome, number>();
  const send = createFollowUpSender({
    twilio: createTwilioSender({ accountSid: ACCOUNT, authToken: 'bench-token', smsFrom: '+447700900001', whatsappFrom: '+447700900002', apiBaseUrl: fakeUrl, keepAlive: true }),
    templates: {},
    messagesPerSecond: 100_000,
  });
  const run = createDueFollowUpRunner({ handleMessage, records, scheduler, sealer, send, onOutcome: (o) => outcomes.set(o, (outcomes.get(o) ?? 0) + 1) });
  // A run that throws is retried by BullMQ: counted, so it shows.
  let threw = 0;
  const worker = scheduler.startWorker(
    async (job) => {
      try {
        await run(job);
      } catch (error) {
        threw++;
        throw error;
      }
    },
    { concurrency: CONCURRENCY },
  );
  const queue = new Queue('followups', { connection, prefix: 'signpost' });
  let lastCount = 0;
  let lastProgress = performance.now();
  /** Nothing finished for 30 s: what is missing by then is lost. */
  const stalled = () => {
    const count = [...outcomes.values()].reduce((a, b) => a + b, 0);
    if (count !== lastCount) [lastCount, lastProgress] = [count, performance.now()];
    return performance.now() - lastProgress > 30_000;
  };
  const started = performance.now();
  await queue.promoteJobs();
  await waitUntil(() => [...outcomes.values()].reduce((a, b) => a + b, 0) >= COUNT || stalled());
  const perSecond = COUNT / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.close();
  await scheduler.close();
  await store.close();
  const { received, sentTo } = await fakeCounts();
  let lost = 0;
  let doubled = 0;
  for (let i = 0; i < COUNT; i++) {
    const n = sentTo.get(address(i)) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled++;
  }
  return { perSecond, bytesPerFollowUp, lost, doubled, outcomes, received, threw };
}

console.log(`bench:followups — ${COUNT.toLocaleString('en-GB')} follow-ups, worker concurrency ${CONCURRENCY}, redis-server ${redisServer.port} (hash-max-listpack-value ${LISTPACK_VALUE}), fake Twilio ${fakeUrl}`);
const bare = await baseline();
const real = await followUps();
console.log('');
console.log('                          jobs/s     Redis bytes per pending job');
console.log(`baseline (bare BullMQ)  ${fmt(bare.perSecond, 0).padStart(8)}   ${fmt(bare.bytesPerJob, 0).padStart(8)}`);
console.log(`follow-ups (full path)  ${fmt(real.perSecond, 0).padStart(8)}   ${fmt(real.bytesPerFollowUp, 0).padStart(8)}   (job + sealed number)`);
console.log(`ratio                   ${fmt(real.perSecond / bare.perSecond, 2).padStart(8)}   ${fmt(real.bytesPerFollowUp / bare.bytesPerJob, 2).padStart(8)}`);
console.log('');
console.log(`sends/s: ${fmt(real.perSecond, 0)} (target >= 1,000)   bytes per pending follow-up: ${fmt(real.bytesPerFollowUp, 0)} (target <= 1,024)`);
console.log(`lost: ${real.lost}   doubled: ${real.doubled}   outcomes: ${JSON.stringify(Object.fromEntries(real.outcomes))}   fake Twilio received: ${real.received}   runs retried: ${real.threw}`);
fake.send('stop');
admin.disconnect();
await redisServer.stop();
process.exit(real.lost || real.doubled ? 1 : 0);
