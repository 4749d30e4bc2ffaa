import { once } from 'node:events';
import { formatIssue } from '../authoring/author-issue.js';
import type { Config } from '../config.js';
import { createTranslator } from '../content/translate.js';
import { createMessageHandler, type HandleMessageOptions } from '../conversation/handle-message.js';
import { checkBotFiles } from '../check-bot-files.js';
import type { RuntimeBot } from '../runtime-bot.js';
import { MemoryStore } from '../store/memory-store.js';
import { createRedisClient } from '../store/redis-client.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import { createApp } from './create-app.js';
import type { Logger } from './logger.js';
import { createLiveBot } from './live-bot.js';
import { createMetrics } from './metrics.js';
import { createBotReloader } from './reload-bot.js';

/** The one message that may live in code: used only if content itself has no fallback text. */
const LAST_RESORT = 'Sorry, I cannot reply just now. To talk to someone, call Samaritans on 116 123 or text SHOUT to 85258. In an emergency call 999.';

export interface BuildServerOptions {
  /** Already-built parts (tests share one bot, and pick their store); built from config when absent. */
  bot?: RuntimeBot;
  store?: Store;
  handler?: Partial<Pick<HandleMessageOptions, 'lockWaitMs' | 'lockTtlMs'>>;
  /** Called after POST /admin/reload published a new version here (e.g. to tell the other workers). */
  onPublished?: () => void;
}

/** Everything `npm start` runs, built from validated config: the bot, the store, the express app. */
export async function buildServer(config: Config, logger: Logger, options: BuildServerOptions = {}) {
  const check = checkerFor(config, logger);
  const live = createLiveBot(options.bot ?? (await loadBotOrThrow(check, logger)));
  const store = options.store ?? (await openStore(config, logger));
  const handleMessage = createMessageHandler({ engine: live.engine, store, sessionTtlSeconds: config.sessionTtlSeconds, ...options.handler });
  const fallbackText = () => createTranslator(live.current.content, live.current.content.defaultLocale)('common.unavailable') || LAST_RESORT;
  const metrics = createMetrics();
  const reloader = createBotReloader({ live, check, logger, metrics });
  const { app, inFlight } = createApp({
    config,
    store,
    handleMessage,
    fallback: () => [{ text: fallbackText() }],
    logger,
    metrics,
    // The hooks of whichever version is live when the turn finishes.
    onEvents: (events, conversationId) => live.current.hooks.onEvents?.(events, conversationId),
    reload: async () => {
      const outcome = await reloader.reload('admin request');
      if (outcome.status === 'published') options.onPublished?.();
      return outcome;
    },
    preview: { live, reloader },
  });
  return { app, inFlight, store, live, reloader, metrics };
}

/** Loads and checks flows, content and the directory as content:check does, logging texts missing in a language once. */
function checkerFor(config: Config, logger: Logger) {
  const missing = new Set<string>();
  return () => checkBotFiles({
    root: config.contentRoot,
    defaultLocale: config.defaultLocale,
    onMissingText: (key, locale) => {
      if (missing.has(`${locale}:${key}`)) return;
      missing.add(`${locale}:${key}`);
      logger.warn({ key, locale }, 'text missing in this language; using the default language');
    },
    config,
  });
}

async function loadBotOrThrow(check: ReturnType<typeof checkerFor>, logger: Logger): Promise<RuntimeBot> {
  const { bot, issues } = await check();
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
