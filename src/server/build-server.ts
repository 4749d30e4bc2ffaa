import { once } from 'node:events';
import { formatIssue } from '../authoring/author-issue.js';
import type { Config } from '../config.js';
import { createTranslator } from '../content/translate.js';
import { createMessageHandler, type HandleMessageOptions } from '../conversation/handle-message.js';
import { loadRuntimeBot, type RuntimeBot } from '../runtime-bot.js';
import { MemoryStore } from '../store/memory-store.js';
import { createRedisClient } from '../store/redis-client.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import { createCallbackService } from '../callbacks/callback-service.js';
import type { NotificationKind } from '../callbacks/callback-records.js';
import type { NotificationSender } from '../callbacks/notifications.js';
import { adminRoutes } from '../connect/admin-routes.js';
import { connectRoutes } from '../connect/inbox-routes.js';
import { createDatabaseHolder, type DatabaseHolder } from '../records/open-database.js';
import { createApp } from './create-app.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';

/** The one message that may live in code: used only if content itself has no fallback text. */
const LAST_RESORT = 'Sorry, I cannot reply just now. To talk to someone, call Samaritans on 116 123 or text SHOUT to 85258. In an emergency call 999.';

export interface BuildServerOptions {
  /** Already-built parts (tests share one bot, and pick their store); built from config when absent. */
  bot?: RuntimeBot;
  store?: Store;
  handler?: Partial<Pick<HandleMessageOptions, 'lockWaitMs' | 'lockTtlMs'>>;
  /** The records database; null turns callback requests and the connector inbox off (tests that need neither). */
  records?: DatabaseHolder | null;
  /** Notification senders instead of those built from config (tests). */
  senders?: Partial<Record<NotificationKind, NotificationSender>>;
}

/** Everything `npm start` runs, built from validated config: the bot, the store, the express app. */
export async function buildServer(config: Config, logger: Logger, options: BuildServerOptions = {}) {
  const bot = options.bot ?? (await loadBotOrThrow(config, logger));
  const store = options.store ?? (await openStore(config, logger));
  const database = options.records === undefined ? createDatabaseHolder(config.records) : options.records;
  const callbacks = database
    ? createCallbackService({ database, config, content: bot.content, log: logger, ...(options.senders ? { senders: options.senders } : {}) })
    : undefined;
  const handleMessage = createMessageHandler({
    engine: bot.engine,
    store,
    sessionTtlSeconds: config.sessionTtlSeconds,
    ...options.handler,
    ...(callbacks ? { afterTurn: callbacks.afterTurn } : {}),
  });
  const english = createTranslator(bot.content, bot.content.defaultLocale);
  const fallbackText = english('common.unavailable') || LAST_RESORT;
  const metrics = createMetrics();
  const { app, inFlight } = createApp({
    config,
    store,
    handleMessage,
    fallback: () => [{ text: fallbackText }],
    logger,
    metrics,
    ...bot.hooks,
    ...(callbacks
      ? {
          routers: [
            connectRoutes({ callbacks, secureCookies: config.publicBaseUrl.startsWith('https:'), t: english }),
            adminRoutes({ callbacks, publicBaseUrl: config.publicBaseUrl, ...(config.adminToken ? { adminToken: config.adminToken } : {}) }),
          ],
        }
      : {}),
  });
  return { app, inFlight, store, bot, metrics, callbacks, database };
}

async function loadBotOrThrow(config: Config, logger: Logger): Promise<RuntimeBot> {
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
  if (!bot) throw new Error('flows or content have errors (listed above); run npm run content:check');
  return bot;
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (!config.redisUrl) return new MemoryStore();
  const client = createRedisClient(config.redisUrl, (error) => logger.warn({ err: { name: error.name, message: error.message } }, 'redis connection problem'));
  // Commands fail fast while Redis is down (so residents get the fallback); wait for the first connection.
  await Promise.race([once(client, 'ready'), new Promise((r) => setTimeout(r, 5000))]);
  return new RedisStore(client);
}
