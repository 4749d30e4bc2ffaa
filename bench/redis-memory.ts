/**
 * npm run bench:redis-memory — Redis memory per conversation, every key counted. 2,000 residents walk the real
 * flows through the message handler (lock, replay keys, session, replies kept for retries) on a private
 * redis-server; then MEMORY USAGE is summed over all of each conversation's keys (SCAN `prefix:{id}:*`), and
 * printed per key kind beside the bare session (the baseline the old figure counted). Target: 1.5 KB.
 */
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { createMessageHandler } from '../src/conversation/handle-message.js';
import { createContentReplyCodec } from '../src/conversation/reply-codec.js';
import { parseSession } from '../src/conversation/session.js';
import { loadRuntimeBot } from '../src/runtime-bot.js';
import { RedisStore } from '../src/store/redis-store.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { fmt, percentiles } from './stats.js';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 2_000);
const TURNS = Number(process.env.BENCH_TURNS ?? 8);
const TARGET_BYTES = 1536;
const root = fileURLToPath(new URL('..', import.meta.url));

const { bot } = await loadRuntimeBot({ root, onMissingText: () => {} });
if (!bot) throw new Error('flows/content have errors: run npm run content:check');
const redis = await startRedisServer();
const client = new Redis(redis.url);
const prefix = 'bench';
const store = new RedisStore(client, { prefix });
// As the server keeps them: replies as references to content texts, kept 10 minutes for a retry.
const handle = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: 30 * 86_400, replyCodec: createContentReplyCodec(bot.content) });

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const WORDS = ['my wife died last year', 'I retired in May', 'S60 1AE', 'walking', 'not sure', 'yes'];

/** Mostly a valid option number, sometimes words: the same mix as bench:engine. */
function nextMessage(at: string | null | undefined): string {
  const step = at ? bot!.flows.steps.get(at)?.step : undefined;
  if (!step) return 'hi';
  if (random() < 0.15) return WORDS[Math.floor(random() * WORDS.length)]!;
  const offered = step.type === 'choice' ? step.options.filter((o) => !o.hidden).length : 0;
  return offered ? String(1 + Math.floor(random() * offered)) : WORDS[Math.floor(random() * WORDS.length)]!;
}

try {
  let messages = 0;
  for (let r = 0; r < RESIDENTS; r++) {
    const conversationId = `resident${String(r).padStart(6, '0')}abcdefghijklmn`.slice(0, 22);
    for (let t = 0; t < TURNS; t++) {
      const at = parseSession(await store.getSession(conversationId))?.at;
      await handle({ conversationId, messageId: `SM${(messages++).toString(16).padStart(32, '0')}`, message: { text: nextMessage(at) } });
    }
  }
  const totals: number[] = [];
  const sessions: number[] = [];
  const byKind = new Map<string, number>();
  for (let r = 0; r < RESIDENTS; r++) {
    const conversationId = `resident${String(r).padStart(6, '0')}abcdefghijklmn`.slice(0, 22);
    let total = 0;
    for (const key of await client.keys(`${prefix}:{${conversationId}}:*`)) {
      const bytes = Number(await client.memory('USAGE', key, 'SAMPLES', 0));
      const kind = key.slice(key.lastIndexOf(':') + 1);
      byKind.set(kind, (byKind.get(kind) ?? 0) + bytes);
      if (kind === 'session') sessions.push(bytes);
      total += bytes;
    }
    totals.push(total);
  }
  const all = percentiles(totals);
  const session = percentiles(sessions);
  console.log(`Redis memory per conversation: ${RESIDENTS.toLocaleString('en-GB')} residents, ${TURNS} messages each through the real flows (redis-server ${(await client.info('server')).match(/redis_version:(\S+)/)?.[1]})`);
  console.log(`baseline: session key only      mean ${fmt(session.mean, 0).padStart(5)} B   max ${fmt(session.max, 0).padStart(5)} B`);
  console.log(`every key of the conversation   mean ${fmt(all.mean, 0).padStart(5)} B   p99 ${fmt(all.p99, 0).padStart(5)} B   max ${fmt(all.max, 0).padStart(5)} B   (${fmt(all.mean / session.mean, 2)}x the session alone)`);
  for (const [kind, bytes] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(10)} mean ${fmt(bytes / RESIDENTS, 0).padStart(5)} B`);
  console.log(`target: at most ${fmt(TARGET_BYTES / 1024, 1)} KB per conversation, all keys: ${all.p99 <= TARGET_BYTES ? 'MET' : 'MISSED'} (p99)`);
} finally {
  client.disconnect();
  await redis.stop();
}
