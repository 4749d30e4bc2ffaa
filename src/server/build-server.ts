import { once } from 'node:events';
import { formatIssue } from '../authoring/author-issue.js';
import { listCampaignPreviews } from '../campaigns/campaign-previews.js';
import type { Config } from '../config.js';
import { createTranslator, settingsFor, type Translate } from '../content/translate.js';
import { createMessageHandler, type HandleMessageOptions } from '../conversation/handle-message.js';
import { checkBotFiles } from '../check-bot-files.js';
import { createContentReplyCodec, type ReplyCodec } from '../conversation/reply-codec.js';
import { followUpKinds, openFollowUps, type FollowUps } from '../followups/open-follow-ups.js';
import { readAnalyticsRetention } from '../analytics/analytics-settings.js';
import { openAnalytics, type Analytics } from '../analytics/open-analytics.js';
import type { RuntimeBot } from '../runtime-bot.js';
import { MemoryStore } from '../store/memory-store.js';
import { createRedisClient, createRedisClusterClient } from '../store/redis-client.js';
import { checkRedisPersistence } from '../store/redis-persistence.js';
import type { RedisClient } from '../store/redis-scripts.js';
import { RedisStore } from '../store/redis-store.js';
import type { Store } from '../store/store.js';
import { createCallbackService } from '../callbacks/callback-service.js';
import type { NotificationKind } from '../callbacks/callback-records.js';
import type { NotificationSender } from '../callbacks/notifications.js';
import { adminRoutes as callbackAdminRoutes } from '../connect/admin-routes.js';
import { connectRoutes } from '../connect/inbox-routes.js';
import { insightsRoutes } from '../insights/insights-routes.js';
import { analyticsReports } from '../insights/report-source.js';
import { filterChoices } from '../insights/filter-choices.js';
import { createDatabaseHolder, type DatabaseHolder } from '../records/open-database.js';
import type { Reply } from '../conversation/reply.js';
import { createApp } from './create-app.js';
import { createTwilioSender, type TwilioSender } from '../channels/twilio-sender.js';
import { createFloodControl } from './flood-control.js';
import { OutageSpool } from './outage-spool.js';
import { startSpoolReplay } from './replay-spool.js';
import { createSegmentBudget } from './segment-budget.js';
import type { Logger } from './logger.js';
import { createLiveBot, type LiveBot } from './live-bot.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createBotReloader } from './reload-bot.js';

/** The one message that may live in code: used only if content itself has no fallback text. */
const LAST_RESORT = 'Sorry, I cannot reply just now. To talk to someone, call Samaritans on 116 123 or text SHOUT to 85258. In an emergency call 999.';

export interface BuildServerOptions {
  /** Already-built parts (tests share one bot, and pick their store); built from config when absent. */
  bot?: RuntimeBot;
  store?: Store;
  handler?: Partial<Pick<HandleMessageOptions, 'lockWaitMs' | 'lockTtlMs' | 'clock'>>;
  /** Called after POST /admin/reload published a new version here (e.g. to tell the other workers). */
  onPublished?: () => void;
  /** Follow-up parts; opened from config when absent, null to run without follow-ups. */
  followUps?: FollowUps | null;
  /** Sends replies to spooled messages; built from the Twilio settings when absent. */
  sender?: TwilioSender;
  /** The records database; null turns callback requests and the connector inbox off (tests that need neither). */
  records?: DatabaseHolder | null;
  /** Analytics instead of those built from config (tests, benchmarks); null for none. */
  analytics?: Analytics | null;
  /** Notification senders instead of those built from config (tests). */
  senders?: Partial<Record<NotificationKind, NotificationSender>>;
}

/** Everything `npm start` runs, built from validated config: the bot, the store, the express app. */
export async function buildServer(config: Config, logger: Logger, options: BuildServerOptions = {}) {
  const check = checkerFor(config, logger);
  const live = createLiveBot(options.bot ?? (await loadBotOrThrow(check, logger)));
  const store = options.store ?? (await openStore(config, logger));
  const bot = live.current;
  // Follow-up timing and templates are read once at start: a change to them needs a restart.
  const followUps =
    options.followUps !== undefined
      ? options.followUps
      : await openFollowUps({ config, flows: bot.flows, settings: settingsFor(bot.content, bot.content.defaultLocale), warn: (m) => logger.warn(m) });
  // The records store is opened once and outlives reloads; the callback stage's words follow the live version.
  const database = options.records === undefined ? createDatabaseHolder(config.records) : options.records;
  // Opened after listening (callbacks.start), but its driver's code loads now: loaded later, it held the first turns.
  await database?.loadDriver();
  const callbacks = database
    ? createCallbackService({
        database,
        config,
        content: bot.content,
        liveContent: () => live.current.content,
        log: logger,
        ...(options.senders ? { senders: options.senders } : {}),
      })
    : undefined;
  const spool = config.spoolFile ? await OutageSpool.open(config.spoolFile, config.idSecret) : undefined;
  const handleMessage = createMessageHandler({
    engine: live.engine,
    store,
    sessionTtlSeconds: config.sessionTtlSeconds,
    replyCodec: liveReplyCodec(live),
    ...options.handler,
    ...(followUps ? { applyActions: followUps.applyActions } : {}),
    ...(callbacks ? { afterTurn: callbacks.afterTurn } : {}),
    ...(spool ? { onErased: forgetSpooled(spool, logger) } : {}),
  });
  // Words come from whichever version is live when they are needed.
  const translate: Translate = (key, params) => createTranslator(live.current.content, live.current.content.defaultLocale)(key, params);
  const fallbackText = () => translate('common.unavailable') || LAST_RESORT;
  const metrics = createMetrics({ campaignIds: bot.campaigns.campaigns.map((c) => c.id) });
  const reloader = createBotReloader({ live, check, logger, metrics });
  const segmentBudget = createSegmentBudget({ store, dailyBudget: config.dailySegmentBudget, logger, metrics });
  // In development the web process sends due follow-ups itself; production runs `npm run worker` beside it.
  const analytics = options.analytics !== undefined ? options.analytics : openServerAnalytics(config, bot, database, metrics, logger);
  const followUpWorker =
    followUps && config.followUpWorker
      ? followUps.startWorker(handleMessage, (outcome, job, detail) => {
          metrics.events.inc({ event: `follow_up_${outcome}` });
          analytics?.recordFollowUpOutcome(outcome, job.conversationId, detail);
        })
      : null;
  const crisisReplies: (text: string) => Promise<Reply[] | null> = (text) => crisisRepliesOf(live.current)(text);
  const replay = spool ? startSpoolReplay({ spool, handleMessage, sender: options.sender ?? senderFrom(config), idSecret: config.idSecret, logger, metrics }) : undefined;
  if (spool?.pending().length) logger.warn({ messages: spool.pending().length }, 'messages kept from before the restart wait in the spool: they are answered once the store answers');
  const { app, listener, inFlight } = createApp({
    config,
    store,
    handleMessage,
    fallback: () => [{ text: fallbackText() }],
    campaignPreviews: () => listCampaignPreviews(live.current.campaigns, live.current.content, (options.handler?.clock ?? Date.now)()),
    logger,
    metrics,
    floodControl: createFloodControl({ store, bucket: config.flood, notice: () => [{ text: translate('common.slow_down') }], crisisReplies }),
    segmentBudget,
    crisisReplies,
    ...(spool ? { spool, delayed: () => [{ text: translate('common.delayed') || fallbackText() }] } : {}),
    // The hooks of whichever version is live when the turn finishes.
    onEvents: (events, conversationId, channel) => {
      live.current.hooks.onEvents?.(events, conversationId);
      analytics?.recordTurn(events, conversationId, channel);
    },
    ...(followUps ? { onDeliveryStatus: deliveryStatusHandler(followUps, analytics) } : {}),
    reload: async () => {
      const outcome = await reloader.reload('admin request');
      if (outcome.status === 'published') options.onPublished?.();
      return outcome;
    },
    preview: { live, reloader },
    ...(callbacks
      ? {
          routers: [
            connectRoutes({ callbacks, secureCookies: config.publicBaseUrl.startsWith('https:'), t: translate }),
            callbackAdminRoutes({ callbacks, publicBaseUrl: config.publicBaseUrl, ...(config.adminToken ? { adminToken: config.adminToken } : {}) }),
            insightsRoutes({
              reports: analyticsReports({ db: () => callbacks.db(), campaigns: () => live.current.campaigns.campaigns.map((c) => c.id), t: translate }),
              db: () => callbacks.db(),
              choices: () => filterChoices(live.current),
              t: translate,
              secureCookies: config.publicBaseUrl.startsWith('https:'),
              ...(config.adminToken ? { adminToken: config.adminToken } : {}),
            }),
          ],
        }
      : {}),
  });
  const close = async () => {
    await followUpWorker?.close();
    await followUps?.close();
    await replay?.stop();
    await spool?.close();
    segmentBudget.stop();
    await segmentBudget.flush();
    await callbacks?.stop();
    await analytics?.close();
    await store.close();
    await database?.close();
  };
  return { app, listener, inFlight, store, live, reloader, metrics, segmentBudget, handleMessage, followUps, spool, replay, callbacks, database, analytics, close };
}

/** Analytics into the records database, with their housekeeping on an interval; none without that database. */
function openServerAnalytics(config: Config, bot: RuntimeBot, database: DatabaseHolder | null, metrics: Metrics, logger: Logger): Analytics | null {
  if (!database) return null;
  const retention = readAnalyticsRetention(bot.content.settings);
  if (retention.problem) logger.warn(`content/settings.yaml: ${retention.problem}`);
  return openAnalytics({
    config,
    database: database.get,
    followUps: followUpKinds(bot.flows),
    retentionMonths: retention.months,
    warn: (message, detail) => logger.warn(detail ?? {}, message),
    count: {
      written: (n) => metrics.analyticsEvents.inc({ result: 'written' }, n),
      dropped: (n, reason) => metrics.analyticsEvents.inc({ result: `dropped_${reason}` }, n),
      refused: (n) => metrics.analyticsEvents.inc({ result: 'refused' }, n),
    },
  });
}

/** Twilio's status callbacks: a follow-up's delivery is recorded, and counted in analytics once it reaches the phone. */
function deliveryStatusHandler(followUps: FollowUps, analytics: Analytics | null) {
  return async (messageSid: string, status: string, errorCode?: number): Promise<boolean> => {
    const known = await followUps.records.updateDelivery(messageSid, status, errorCode);
    if (known && status === 'delivered' && analytics) {
      const delivery = await followUps.records.readDelivery(messageSid);
      if (delivery) analytics.recordDelivered(delivery.job);
    }
    return known;
  };
}

/**
 * Stored replies are coded against the live version's texts, rebuilt once per published version; a reply kept
 * before a publish carries the old texts' digest, so it is never decoded against the new words.
 */
function liveReplyCodec(live: LiveBot): ReplyCodec {
  const codecs = new WeakMap<RuntimeBot, ReplyCodec>();
  const current = () => {
    let codec = codecs.get(live.current);
    if (!codec) codecs.set(live.current, (codec = createContentReplyCodec(live.current.content)));
    return codec;
  };
  return { encode: (replies) => current().encode(replies), decode: (stored) => current().decode(stored) };
}

/**
 * DELETE reaches this instance's spool too: the person's messages waiting there (words and number, encrypted)
 * go. The erasure is done by then, so a failure here is logged, never turned into a failed turn.
 */
function forgetSpooled(spool: OutageSpool, logger: Logger) {
  return async (conversationIds: string[], arrivedAt: number) => {
    try {
      const forgotten = await spool.forget(conversationIds, arrivedAt);
      if (forgotten) logger.info({ messages: forgotten }, 'erased spooled messages of a person who asked for everything to be deleted');
    } catch (error) {
      logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'could not erase spooled messages');
    }
  };
}

function senderFrom(config: Config): TwilioSender {
  const { accountSid, authToken, smsFrom, whatsappFrom, apiBaseUrl } = config.twilio;
  // loadConfig refuses SPOOL_FILE without these.
  if (!accountSid || !authToken || !smsFrom || !whatsappFrom) throw new Error('SPOOL_FILE needs the Twilio account, token and sender numbers');
  return createTwilioSender({ accountSid, authToken, smsFrom, whatsappFrom, statusCallbackUrl: `${config.publicBaseUrl}/twilio/status`, ...(apiBaseUrl ? { apiBaseUrl } : {}) });
}

/** Say loudly at start when a restart of this Redis would lose every conversation. */
export async function warnUnlessPersistent(client: RedisClient, logger: Logger): Promise<void> {
  const persistence = await checkRedisPersistence(client).catch((error: unknown) => ({ status: 'unknown' as const, reason: String(error) }));
  if (persistence.status === 'nothing_on_disk') {
    logger.error(
      'REDIS KEEPS NOTHING ON DISK (appendonly no, save ""): every conversation is lost when Redis restarts. Set appendonly yes (appendfsync everysec) on the Redis server; see README "Running in production".',
    );
  } else if (persistence.status === 'unknown') {
    logger.warn({ reason: persistence.reason }, 'could not check whether Redis keeps data on disk (CONFIG is disabled?): make sure appendonly yes is set, or conversations are lost when Redis restarts');
  } else if (!persistence.appendonly) {
    logger.warn('Redis keeps only snapshots (no appendonly): a restart loses the conversations since the last snapshot; appendonly yes keeps them');
  }
}

/**
 * The full crisis reply for a crisis message, with no session and no store: the engine answers a safety hit
 * before it looks at anything a session holds. Null for any other message.
 */
export function crisisRepliesOf(bot: RuntimeBot): (text: string) => Promise<Reply[] | null> {
  return async (text) => {
    if (!text.trim() || !bot.screen(text)) return null;
    const turn = await bot.engine.runTurn({ session: null, message: { text, mediaCount: 0 }, now: Date.now() });
    return turn.replies;
  };
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

export async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (!config.redisUrl) {
    return new MemoryStore({
      onEvict: (dropped) => logger.warn({ dropped }, 'memory store full: dropped the least recently active conversations; set REDIS_URL for a real deployment'),
    });
  }
  const onError = (error: Error) => logger.warn({ err: { name: error.name, message: error.message } }, 'redis connection problem');
  const client = config.redisCluster ? createRedisClusterClient(config.redisUrl.split(','), onError) : createRedisClient(config.redisUrl, onError);
  await Promise.race([once(client, 'ready'), new Promise((r) => setTimeout(r, 5000))]);
  if (config.env === 'production') await warnUnlessPersistent(client, logger);
  const store = new RedisStore(client, { orderSettleMs: config.orderSettleMs });
  await store.seenByPeers();
  return store;
}
