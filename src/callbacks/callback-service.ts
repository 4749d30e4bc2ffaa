import type { Config } from '../config.js';
import type { ContentCatalog } from '../content/load-content.js';
import { createTranslator } from '../content/translate.js';
import type { AfterTurn } from '../conversation/handle-message.js';
import type { Database } from '../records/database.js';
import type { DatabaseHolder } from '../records/open-database.js';
import { createCallbackRecords, type CallbackRecords, type NotificationKind } from './callback-records.js';
import { createCallbackStage } from './callback-stage.js';
import { createContactCipher } from './contact-cipher.js';
import { createEmailNotifier } from './email-notifier.js';
import { createNotificationDispatcher, type DeliverDue, type NotificationSender } from './notifications.js';
import { createWebhookNotifier } from './webhook-notifier.js';

export interface CallbackServiceOptions {
  database: DatabaseHolder;
  config: Pick<Config, 'idSecret' | 'publicBaseUrl' | 'callbacks'>;
  /** Read once at start: notification words and the retention period residents are told. */
  content: ContentCatalog;
  /** The version live now, for the words residents see in a turn (defaults to `content`). */
  liveContent?: () => ContentCatalog;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Senders to use instead of those built from config (tests). */
  senders?: Partial<Record<NotificationKind, NotificationSender>>;
}

/** Everything the callback feature runs with, assembled once: records, the turn stage, notifications, timers. */
export function createCallbackService(options: CallbackServiceOptions) {
  const { config, content, log } = options;
  const cipher = createContactCipher(config.callbacks.keys);
  const english = createTranslator(content, content.defaultLocale);
  const senders: Partial<Record<NotificationKind, NotificationSender>> = options.senders ?? {
    ...(config.callbacks.email ? { email: createEmailNotifier({ ...config.callbacks.email, publicBaseUrl: config.publicBaseUrl, t: english }) } : {}),
    ...(config.callbacks.webhook ? { webhook: createWebhookNotifier({ ...config.callbacks.webhook, publicBaseUrl: config.publicBaseUrl }) } : {}),
  };
  const notify = Object.keys(senders) as NotificationKind[];
  /** The number residents are told (content/settings.yaml), so the purge keeps the promise made to them. */
  const retentionDays = Number(content.settings.callback_retention_days ?? 30);

  let ready: Promise<{ db: Database; records: CallbackRecords; deliverDue: DeliverDue }> | undefined;
  const open = () =>
    (ready ??= options.database.get().then((db) => {
      const records = createCallbackRecords({ db, cipher, notify });
      return { db, records, deliverDue: createNotificationDispatcher({ db, records, senders }) };
    })).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });

  let delivering: Promise<unknown> | null = null;
  /** Send what is due now; a call while one is running waits for that one rather than sending twice. */
  const deliverNow = (): Promise<unknown> =>
    (delivering ??= open()
      .then(({ deliverDue }) => deliverDue())
      .then((result) => {
        if (result.failed) log.warn(result, 'callback notifications failed; they will be retried');
      })
      .catch((error: unknown) => log.warn({ err: describe(error) }, 'callback notifications could not be sent'))
      .finally(() => (delivering = null)));

  const afterTurn: AfterTurn = createCallbackStage({
    records: async () => (await open()).records,
    idSecret: config.idSecret,
    translate: (locale) => createTranslator(options.liveContent?.() ?? content, locale),
    onRecorded: () => void deliverNow(),
  });

  const timers: NodeJS.Timeout[] = [];
  return {
    afterTurn,
    retentionDays,
    records: async () => (await open()).records,
    db: async () => (await open()).db,
    deliverNow,
    /** Erase requests older than the retention period (the purge timer calls this hourly). */
    async purgeExpired(now = new Date()): Promise<number> {
      const purged = await (await open()).records.purgeExpired(retentionDays, now);
      if (purged) log.info({ purged, retentionDays }, 'callback requests past their retention period erased');
      return purged;
    },
    /**
     * Open the database now (migrations at start) and start the two timers this process runs: the
     * notification retry timer and the callback retention purge timer. No scheduler exists yet; both are
     * safe to run in several processes at once (SKIP LOCKED claims, idempotent deletes).
     */
    start(intervals: { notifyMs?: number; purgeMs?: number } = {}) {
      void open().then(
        () => log.info({}, 'records database ready'),
        (error: unknown) => log.warn({ err: describe(error) }, 'records database could not be opened; callback requests will fail until it can'),
      );
      const notificationRetryTimer = setInterval(() => void deliverNow(), intervals.notifyMs ?? 30_000);
      const callbackRetentionPurgeTimer = setInterval(
        () => void this.purgeExpired().catch((error: unknown) => log.warn({ err: describe(error) }, 'callback retention purge failed; retrying next hour')),
        intervals.purgeMs ?? 3_600_000,
      );
      for (const timer of [notificationRetryTimer, callbackRetentionPurgeTimer]) {
        timer.unref();
        timers.push(timer);
      }
      void this.purgeExpired().catch(() => {});
    },
    /** Stop the timers and give a send in progress a few seconds; an unsent notification is retried after restart. */
    async stop(): Promise<void> {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.race([delivering, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}

export type CallbackService = ReturnType<typeof createCallbackService>;

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
