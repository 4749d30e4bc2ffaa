/** npm start: build everything from validated config, serve, and shut down gracefully. */
import { formatIssue } from './authoring/author-issue.js';
import { ConfigError, loadConfig } from './config.js';
import { createTranslator } from './content/translate.js';
import { createMessageHandler } from './conversation/handle-message.js';
import { loadRuntimeBot } from './runtime-bot.js';
import { createApp } from './server/create-app.js';
import { createLogger } from './server/logger.js';
import { createMetrics } from './server/metrics.js';
import { MemoryStore } from './store/memory-store.js';
import { createRedisClient } from './store/redis-client.js';
import { RedisStore } from './store/redis-store.js';
import type { Store } from './store/store.js';

/** The one message that may live in code: used only if content itself has no fallback text. */
const LAST_RESORT = 'Sorry, I cannot reply just now. To talk to someone, call Samaritans on 116 123 or text SHOUT to 85258. In an emergency call 999.';
const SHUTDOWN_GRACE_MS = 10_000;

let config;
let warnings: string[];
try {
  ({ config, warnings } = loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
for (const warning of warnings) logger.warn(warning);

const missing = new Set<string>();
const { bot, issues } = await loadRuntimeBot({
  root: config.contentRoot,
  defaultLocale: config.defaultLocale,
  onMissingText: (key, locale) => {
    if (missing.has(`${locale}:${key}`)) return;
    missing.add(`${locale}:${key}`);
    logger.warn({ key, locale }, 'text missing in this language; using the default language');
  },
  config,
});
for (const issue of issues) logger.warn(formatIssue(issue));
if (!bot) {
  logger.fatal('flows or content have errors (listed above); run npm run content:check');
  process.exit(1);
}

const store: Store = config.redisUrl
  ? new RedisStore(createRedisClient(config.redisUrl, (error) => logger.warn({ err: { name: error.name, message: error.message } }, 'redis connection problem')))
  : new MemoryStore();
const handleMessage = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: config.sessionTtlSeconds });
const fallbackText = createTranslator(bot.content, bot.content.defaultLocale)('common.unavailable') || LAST_RESORT;
const metrics = createMetrics();
const { app, inFlight } = createApp({ config, store, handleMessage, fallback: () => [{ text: fallbackText }], logger, metrics, ...bot.hooks });

const server = app.listen(config.port, config.host, () => {
  logger.info(
    { port: config.port, store: store.kind, flows: bot.engine.flowsVersion, locales: bot.engine.locales, chatPage: config.chatPage },
    `Signpost is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
  );
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight: inFlight.count }, 'shutting down: finishing turns in flight');
  server.close();
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (inFlight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  await store.close();
  logger.info({ unfinished: inFlight.count }, 'stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message } : String(reason) }, 'unhandled rejection');
});
