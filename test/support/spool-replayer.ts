/**
 * A process that replays an outage spool once Redis answers, as a server does, and exits when it is empty:
 * the crash test kills it mid-send and starts another. Env: REDIS_URL, STORE_PREFIX, SPOOL_FILE, TWILIO_API_BASE_URL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createTwilioSender } from '../../src/channels/twilio-sender.js';
import { createMessageHandler } from '../../src/conversation/handle-message.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { OutageSpool } from '../../src/server/outage-spool.js';
import { startSpoolReplay } from '../../src/server/replay-spool.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { testBot } from './test-bot.js';
import { ACCOUNT_SID, AUTH_TOKEN, ID_SECRET, SERVICE_NUMBER } from './test-server.js';

const env = process.env as Record<string, string>;
const store = new RedisStore(createRedisClient(env.REDIS_URL!), { prefix: env.STORE_PREFIX! });
const spool = await OutageSpool.open(env.SPOOL_FILE!, ID_SECRET);
const replay = startSpoolReplay({
  spool,
  handleMessage: createMessageHandler({ engine: (await testBot()).engine, store, sessionTtlSeconds: 3_600 }),
  sender: createTwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, smsFrom: SERVICE_NUMBER, whatsappFrom: SERVICE_NUMBER, apiBaseUrl: env.TWILIO_API_BASE_URL! }),
  idSecret: ID_SECRET,
  logger: createLogger('silent'),
  metrics: createMetrics(),
  everyMs: 50,
});
while (spool.pending().length > 0) {
  await replay.drain();
  await sleep(50);
}
await replay.stop();
await spool.close();
await store.close();
