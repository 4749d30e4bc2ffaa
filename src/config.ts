import { z } from 'zod';
import { createHash, randomBytes } from 'node:crypto';
import { CipherKeyError, parseCipherKeys, type CipherKey } from './callbacks/contact-cipher.js';
import { parseSealKey } from './followups/seal.js';

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const optionalText = z.string().trim().min(1).optional();

/** Every setting, from the environment, grouped by concern. Each one is documented in README.md. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Set by the primary for each worker process (run-clustered.ts), never by hand. */
  WORKER_SLOT: z.coerce.number().int().min(1).optional(),
  PUBLIC_BASE_URL: z.url({ message: 'must be a full URL such as https://signpost.example.gov.uk' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'starts with AC followed by 32 hex characters').optional(),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_SMS_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in +44… form').optional(),
  TWILIO_WHATSAPP_FROM: z.string().regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'must be a phone number in +44… form').optional(),

  REDIS_URL: z.string().regex(/^rediss?:\/\/[^,]+(,rediss?:\/\/[^,]+)*$/, 'must start with redis:// or rediss:// (for a Cluster, several seed nodes separated by commas)').optional(),
  REDIS_CLUSTER: flag.optional(),
  ID_SECRET: z.string().min(16, 'must be at least 16 characters (use a long random string)').optional(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  FLOOD_BURST: z.coerce.number().int().min(1).max(1000).default(5),
  FLOOD_REFILL_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  DAILY_SEGMENT_BUDGET: z.coerce.number().int().min(1).default(20_000),
  ORDER_SETTLE_MS: z.coerce.number().int().min(0).max(1000).default(100),
  SPOOL_FILE: optionalText,
  TWILIO_API_BASE_URL: z.url().optional(),
  DEFAULT_LOCALE: z.string().default('en'),
  CONTENT_ROOT: z.string().default(process.cwd()),
  CHAT_PAGE: flag.optional(),

  LLM_PROVIDER: z.enum(['ollama', 'openai']).optional(),
  LLM_MODEL: optionalText,
  LLM_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: optionalText,

  DIRECTORY_FILE: optionalText,
  POSTCODE_LOOKUP_URL: z.url().optional(),
  DUTY_ALERT_URL: z.url().optional(),
  DUTY_ALERT_SECRET: z.string().min(16).optional(),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  PGLITE_DIR: z.string().default('.data/records'),
  CALLBACK_KEYS: optionalText,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  CALLBACK_EMAIL_TO: optionalText,
  CALLBACK_EMAIL_FROM: optionalText,
  CALLBACK_WEBHOOK_URL: z.url().optional(),
  CALLBACK_WEBHOOK_SECRET: z.string().min(16).optional(),
  FOLLOWUP_KEY: optionalText,
  FOLLOWUP_WORKER: flag.optional(),
  ANALYTICS: flag.default(true),
  ANALYTICS_KEY: z.string().trim().min(32, 'must be at least 32 characters (make one with: openssl rand -base64 32)').optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /** Processes sharing the port (one per core); more than one needs Redis. */
  workers: number;
  publicBaseUrl: string;
  logLevel: Env['LOG_LEVEL'];
  twilio: { accountSid?: string; authToken?: string; smsFrom?: string; whatsappFrom?: string; apiBaseUrl?: string };
  redisUrl?: string;
  /** REDIS_URL names seed nodes of a Redis Cluster. */
  redisCluster?: boolean;
  idSecret: string;
  adminToken?: string;
  sessionTtlSeconds: number;
  /** Per-sender token bucket: `burst` messages at once, one more every `refillMs`. */
  flood: { burst: number; refillMs: number };
  /** Outbound SMS segments (and WhatsApp messages) a day for the whole deployment; warned about at 80%. */
  dailySegmentBudget: number;
  /**
   * How long after arriving a message waits, in its place in its conversation's queue, before its turn may start,
   * while another instance shares the Redis store (arrival order across instances); one instance alone never waits.
   */
  orderSettleMs: number;
  /**
   * Where messages that arrive while Redis is down are kept until it is back: one file per worker (`.N` added
   * after the name), since two processes replaying one file would double messages.
   */
  spoolFile?: string;
  defaultLocale: string;
  contentRoot: string;
  chatPage: boolean;
  llm?: { provider: 'ollama' | 'openai'; model?: string; baseUrl?: string; apiKey?: string };
  directoryFile?: string;
  postcodeLookupUrl?: string;
  dutyAlert?: { url: string; secret: string };
  /** The records database (callback requests, connector accounts, audit log): PostgreSQL, or embedded PGlite. */
  records: { databaseUrl?: string; pgliteDir: string };
  callbacks: {
    /** AES-256-GCM keys for numbers and names, newest first (src/callbacks/contact-cipher.ts). */
    keys: CipherKey[];
    email?: { smtpUrl: string; to: string; from: string };
    webhook?: { url: string; secret: string };
  };
  /** Seals the numbers of residents who agreed to a follow-up (AES-256-GCM); without it no number is kept. */
  followUpKey?: Buffer;
  /** Whether this web process also sends due follow-ups (development); production runs `npm run worker`. */
  followUpWorker: boolean;
  /** Anonymous events for the analysts' reports (docs/analytics.md); `key` makes the monthly pseudonyms. */
  analytics: { enabled: boolean; key?: Buffer };
}

/** Used only on a laptop, and said so loudly at start: numbers kept on a laptop are not protected by it. */
const DEV_CALLBACK_KEY: CipherKey = { id: 'dev', key: createHash('sha256').update('signpost-development-only-callback-key').digest() };

/** Used only on a laptop, and said so loudly at start: conversation ids would be guessable. */
const DEV_ID_SECRET = 'signpost-development-only-secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Signpost cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Read and check the environment. A laptop run needs nothing; production refuses to start without the
 * settings that keep residents safe, and says which and why. Returns warnings to log at start.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): { config: Config; warnings: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const warnings: string[] = [];

  if (production) {
    if (!env.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN is required in production: without it anyone could post fake messages to the webhook');
    if (!env.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL is required in production: Twilio signs the public URL, so it is needed to check signatures');
    if (!env.ID_SECRET) problems.push('ID_SECRET is required in production: it keeps phone numbers out of storage (pseudonymous ids)');
    if (!env.ADMIN_TOKEN) problems.push('ADMIN_TOKEN is required in production: it protects /metrics and the admin routes');
    if (!env.REDIS_URL) problems.push('REDIS_URL is required in production: the in-memory store loses conversations on restart and cannot be shared by several instances');
    if (env.ANALYTICS && !env.ANALYTICS_KEY) warnings.push('ANALYTICS_KEY is not set: no analytics are recorded (the key makes the monthly pseudonyms; make one with: openssl rand -base64 32)');
    if (!env.CALLBACK_KEYS) problems.push('CALLBACK_KEYS is required in production: it encrypts the numbers of residents who ask for a callback (id:base64key, make a key with: openssl rand -base64 32)');
    if (!env.DATABASE_URL) warnings.push(`DATABASE_URL is not set: callback requests are kept in embedded PGlite files in ${env.PGLITE_DIR}; use PostgreSQL in production`);
  } else {
    if (!env.TWILIO_AUTH_TOKEN) warnings.push('TWILIO_AUTH_TOKEN is not set: Twilio signature checks are OFF. Never run like this on the internet.');
    if (!env.ID_SECRET) warnings.push('ID_SECRET is not set: using a development secret for conversation ids.');
    if (!env.REDIS_URL) warnings.push('REDIS_URL is not set: conversations are kept in memory and lost when the server stops.');
    if (!env.CALLBACK_KEYS) warnings.push('CALLBACK_KEYS is not set: callback numbers are encrypted with a development key.');
    if (env.ANALYTICS && !env.ANALYTICS_KEY) warnings.push('ANALYTICS_KEY is not set: analytics pseudonyms use a key made for this run only, so they change at each restart.');
  }
  if (env.WORKERS > 1 && !env.DATABASE_URL) problems.push('WORKERS above 1 needs DATABASE_URL: embedded PGlite belongs to one process');
  let keys = [DEV_CALLBACK_KEY];
  try {
    if (env.CALLBACK_KEYS) keys = parseCipherKeys(env.CALLBACK_KEYS);
  } catch (error) {
    if (!(error instanceof CipherKeyError)) throw error;
    problems.push(`CALLBACK_KEYS: ${error.message}`);
  }
  const emailSettings = [env.SMTP_URL, env.CALLBACK_EMAIL_TO, env.CALLBACK_EMAIL_FROM];
  if (emailSettings.some(Boolean) && !emailSettings.every(Boolean)) {
    problems.push('SMTP_URL, CALLBACK_EMAIL_TO and CALLBACK_EMAIL_FROM go together: set all three to e-mail the team about callback requests, or none');
  }
  if (Boolean(env.CALLBACK_WEBHOOK_URL) !== Boolean(env.CALLBACK_WEBHOOK_SECRET)) {
    problems.push('CALLBACK_WEBHOOK_URL and CALLBACK_WEBHOOK_SECRET go together: set both to post callback requests to a webhook, or neither');
  }
  if (env.WORKERS > 1 && !env.REDIS_URL) problems.push('WORKERS above 1 needs REDIS_URL: each worker would otherwise keep its own conversations in memory');
  if (env.SPOOL_FILE) {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_SMS_FROM', 'TWILIO_WHATSAPP_FROM'] as const).filter((name) => !env[name]);
    if (missing.length) problems.push(`SPOOL_FILE needs ${missing.join(', ')}: messages kept during a Redis outage are answered later through Twilio's REST API`);
  } else if (production) {
    warnings.push('SPOOL_FILE is not set: messages that arrive while Redis is down get a calm fallback but are not kept for later.');
  }
  if (env.LLM_PROVIDER === 'openai' && !env.OPENAI_API_KEY) problems.push('LLM_PROVIDER=openai needs OPENAI_API_KEY');
  if ((env.DUTY_ALERT_URL && !env.DUTY_ALERT_SECRET) || (!env.DUTY_ALERT_URL && env.DUTY_ALERT_SECRET)) {
    problems.push('DUTY_ALERT_URL and DUTY_ALERT_SECRET go together: set both to send duty alerts, or neither');
  }
  let followUpKey: Buffer | undefined;
  if (env.FOLLOWUP_KEY) {
    try {
      followUpKey = parseSealKey(env.FOLLOWUP_KEY);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new ConfigError(problems);

  const twilio: Config['twilio'] = {};
  if (env.TWILIO_ACCOUNT_SID) twilio.accountSid = env.TWILIO_ACCOUNT_SID;
  if (env.TWILIO_AUTH_TOKEN) twilio.authToken = env.TWILIO_AUTH_TOKEN;
  if (env.TWILIO_SMS_FROM) twilio.smsFrom = env.TWILIO_SMS_FROM;
  if (env.TWILIO_WHATSAPP_FROM) twilio.whatsappFrom = env.TWILIO_WHATSAPP_FROM.replace(/^whatsapp:/, '');
  if (env.TWILIO_API_BASE_URL) twilio.apiBaseUrl = env.TWILIO_API_BASE_URL;

  const config: Config = {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    workers: env.WORKERS,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL,
    twilio,
    idSecret: env.ID_SECRET ?? DEV_ID_SECRET,
    sessionTtlSeconds: env.SESSION_TTL_DAYS * 86400,
    flood: { burst: env.FLOOD_BURST, refillMs: Math.round(env.FLOOD_REFILL_SECONDS * 1000) },
    dailySegmentBudget: env.DAILY_SEGMENT_BUDGET,
    orderSettleMs: env.ORDER_SETTLE_MS,
    ...(env.SPOOL_FILE ? { spoolFile: env.WORKER_SLOT ? `${env.SPOOL_FILE}.${env.WORKER_SLOT}` : env.SPOOL_FILE } : {}),
    defaultLocale: env.DEFAULT_LOCALE,
    contentRoot: env.CONTENT_ROOT,
    chatPage: env.CHAT_PAGE ?? !production,
    records: { pgliteDir: env.PGLITE_DIR, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) },
    callbacks: {
      keys,
      ...(env.SMTP_URL && env.CALLBACK_EMAIL_TO && env.CALLBACK_EMAIL_FROM
        ? { email: { smtpUrl: env.SMTP_URL, to: env.CALLBACK_EMAIL_TO, from: env.CALLBACK_EMAIL_FROM } }
        : {}),
      ...(env.CALLBACK_WEBHOOK_URL && env.CALLBACK_WEBHOOK_SECRET ? { webhook: { url: env.CALLBACK_WEBHOOK_URL, secret: env.CALLBACK_WEBHOOK_SECRET } } : {}),
    },
    followUpWorker: env.FOLLOWUP_WORKER ?? !production,
    analytics: analyticsSettings(env.ANALYTICS, env.ANALYTICS_KEY, production),
    ...(followUpKey ? { followUpKey } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.REDIS_CLUSTER ? { redisCluster: true } : {}),
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    ...(env.DIRECTORY_FILE ? { directoryFile: env.DIRECTORY_FILE } : {}),
    ...(env.POSTCODE_LOOKUP_URL ? { postcodeLookupUrl: env.POSTCODE_LOOKUP_URL } : {}),
    ...(env.DUTY_ALERT_URL && env.DUTY_ALERT_SECRET ? { dutyAlert: { url: env.DUTY_ALERT_URL, secret: env.DUTY_ALERT_SECRET } } : {}),
    ...(env.LLM_PROVIDER
      ? {
          llm: {
            provider: env.LLM_PROVIDER,
            ...(env.LLM_MODEL ? { model: env.LLM_MODEL } : {}),
            ...(env.LLM_BASE_URL ? { baseUrl: env.LLM_BASE_URL } : {}),
            ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
          },
        }
      : {}),
  };
  return { config, warnings };
}

/** A laptop gets a key for this run only; production records nothing without a key of its own. */
function analyticsSettings(enabled: boolean, key: string | undefined, production: boolean): Config['analytics'] {
  if (!enabled) return { enabled: false };
  if (key) return { enabled: true, key: Buffer.from(key, 'utf8') };
  return production ? { enabled: false } : { enabled: true, key: randomBytes(32) };
}
