import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { ConnectionOptions } from 'bullmq';
import { createTwilioSender } from '../channels/twilio-sender.js';
import type { Config } from '../config.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import type { CompiledFlows } from '../flow/compile-flows.js';
import { createRedisClient } from '../store/redis-client.js';
import { createFollowUpActions } from './apply-follow-up-actions.js';
import { createMemoryFollowUpRecords, createRedisFollowUpRecords, type FollowUpRecords } from './follow-up-records.js';
import { createFollowUpSender } from './follow-up-sender.js';
import { readFollowUpSettings } from './follow-up-settings.js';
import { createMemoryScheduler } from './memory-scheduler.js';
import { createDueFollowUpRunner, type FollowUpOutcomeListener } from './run-due-follow-up.js';
import type { Scheduler, SchedulerWorker } from './scheduler.js';
import { createSealer } from './seal.js';

export interface OpenFollowUpsOptions {
  config: Config;
  flows: CompiledFlows;
  settings: Record<string, string | number>;
  warn: (message: string) => void;
}

export interface FollowUps {
  scheduler: Scheduler;
  records: FollowUpRecords;
  applyActions: ReturnType<typeof createFollowUpActions>;
  /** Start sending due follow-ups from this process; null (with a warning) when Twilio is not configured. */
  startWorker(handleMessage: MessageHandler, onOutcome: FollowUpOutcomeListener): SchedulerWorker | null;
  close(): Promise<void>;
}

/**
 * The follow-up parts from config: BullMQ and sealed records on Redis when REDIS_URL is set, in this process
 * otherwise. Null when numbers cannot be sealed (production without FOLLOWUP_KEY): then nothing is scheduled.
 */
export async function openFollowUps({ config, flows, settings, warn }: OpenFollowUpsOptions): Promise<FollowUps | null> {
  let key = config.followUpKey;
  if (!key) {
    if (config.env === 'production') {
      warn('FOLLOWUP_KEY is not set: follow-ups residents agree to cannot be kept (their numbers could not be sealed), so none are sent.');
      return null;
    }
    warn('FOLLOWUP_KEY is not set: using a key for this run only, so follow-ups scheduled now cannot be sent after a restart.');
    key = randomBytes(32);
  }
  const read = readFollowUpSettings(settings);
  for (const problem of read.problems) warn(`content/settings.yaml: ${problem}`);
  const kinds = followUpKinds(flows);
  const sealer = createSealer(key);
  let redis: ReturnType<typeof createRedisClient> | null = null;
  if (config.redisUrl) {
    redis = createRedisClient(config.redisUrl);
    await Promise.race([once(redis, 'ready'), new Promise((r) => setTimeout(r, 5000))]);
  }
  const hours = read.settings.hours;
  // BullMQ is loaded only when follow-ups run on Redis.
  const scheduler = config.redisUrl
    ? (await import('./bull-scheduler.js')).createBullScheduler({ connection: connectionOf(config.redisUrl), followUps: kinds, hours })
    : createMemoryScheduler({ hours });
  const records = redis ? createRedisFollowUpRecords(redis) : createMemoryFollowUpRecords();
  const applyActions = createFollowUpActions({ scheduler, sealer, hours });

  return {
    scheduler,
    records,
    applyActions,
    startWorker(handleMessage, onOutcome) {
      const { accountSid, authToken, smsFrom, whatsappFrom } = config.twilio;
      if (!accountSid || !authToken || !smsFrom || !whatsappFrom) {
        warn('follow-ups are scheduled but not sent: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM and TWILIO_WHATSAPP_FROM are needed to send them');
        return null;
      }
      const twilio = createTwilioSender({ accountSid, authToken, smsFrom, whatsappFrom, statusCallbackUrl: `${config.publicBaseUrl}/twilio/status`, keepAlive: true });
      const send = createFollowUpSender({
        twilio,
        templates: read.settings.templates,
        templateVariables: { '1': String(settings.service_name ?? 'Signpost') },
        messagesPerSecond: read.settings.messagesPerSecond,
      });
      const run = createDueFollowUpRunner({ handleMessage, records, scheduler, sealer, send, onOutcome, hours });
      return scheduler.startWorker(async (job) => void (await run(job)), { concurrency: WORKER_CONCURRENCY });
    },
    async close() {
      await scheduler.close();
      redis?.disconnect();
    },
  };
}

/**
 * Follow-ups a worker runs at once. Most of a run is waiting (Redis, Twilio), so many overlap well; the pace of
 * sending is still the per-number rate from settings, which every run waits on.
 */
const WORKER_CONCURRENCY = 50;

/** BullMQ opens its own connections (a worker needs blocking ones): it gets the URL's parts, not a client. */
export function connectionOf(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The follow-ups the flows can schedule, each named after the flow it starts. */
export function followUpKinds(flows: CompiledFlows): string[] {
  return [...new Set([...flows.steps.values()].flatMap(({ step }) => (step.type === 'schedule' ? [step.follow_up] : [])))];
}
