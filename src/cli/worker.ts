/** npm run worker: sends due follow-ups (BullMQ on Redis), beside the web processes. One clear line on a problem. */
import { ConfigError, loadConfig } from '../config.js';
import { settingsFor } from '../content/translate.js';
import { createMessageHandler } from '../conversation/handle-message.js';
import { followUpKinds, openFollowUps } from '../followups/open-follow-ups.js';
import { openAnalytics } from '../analytics/open-analytics.js';
import { createDatabaseHolder } from '../records/open-database.js';
import { loadRuntimeBot } from '../runtime-bot.js';
import { createLogger } from '../server/logger.js';
import { openStore } from '../server/build-server.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let loaded;
try {
  loaded = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
const { config, warnings } = loaded;
const logger = createLogger(config.logLevel);
for (const warning of warnings) logger.warn(warning);
if (!config.redisUrl) fail('npm run worker needs REDIS_URL: without Redis, follow-ups live in the web process, which sends them itself.');

const { bot, issues } = await loadRuntimeBot({ root: config.contentRoot, defaultLocale: config.defaultLocale, config });
if (!bot) fail(`flows or content have errors (${issues.length}); run npm run content:check`);
const followUps = await openFollowUps({ config, flows: bot.flows, settings: settingsFor(bot.content, bot.content.defaultLocale), warn: (m) => logger.warn(m) });
if (!followUps) fail('FOLLOWUP_KEY is not set: no follow-up can be kept, so there is nothing to send.');
// Follow-ups have no arrival to keep in order: the worker never settles, nor makes the web instances settle.
const store = await openStore({ ...config, orderSettleMs: 0 }, logger);
const handleMessage = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: config.sessionTtlSeconds, applyActions: followUps.applyActions });
// Follow-ups sent are counted in analytics here; the web server does the analytics' roll-up and purge. Embedded
// PGlite belongs to the web process, so only a shared PostgreSQL takes the worker's events.
const database = createDatabaseHolder(config.records);
if (!config.records.databaseUrl && config.analytics.enabled) logger.warn('DATABASE_URL is not set: follow-ups sent by this worker are not counted in analytics');
const analytics = config.records.databaseUrl
  ? openAnalytics({ config, database: database.get, followUps: followUpKinds(bot.flows), retentionMonths: null, warn: (message, detail) => logger.warn(detail ?? {}, message) })
  : null;
const worker = followUps.startWorker(handleMessage, (outcome, job, detail) => {
  logger.info({ outcome }, 'follow-up');
  analytics?.recordFollowUpOutcome(outcome, job.conversationId, detail);
});
if (!worker) fail('Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM): follow-ups cannot be sent.');
logger.info({ flows: bot.engine.flowsVersion }, 'follow-up worker running');

const shutdown = async () => {
  // A job in hand is finished (or, if the process is killed, taken over by another worker once its lock lapses).
  await worker.close();
  await followUps.close();
  await analytics?.close();
  await database.close();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
