import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { CampaignPreview } from '../campaigns/campaign-previews.js';
import type { Config } from '../config.js';
import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import type { Channel, Reply } from '../conversation/reply.js';
import type { Store } from '../store/store.js';
import { adminRoutes } from './admin-routes.js';
import { requireAdminToken } from './bearer-token.js';
import { chatRoutes } from './chat-routes.js';
import { describeClientError } from './client-errors.js';
import { createTurnDelivery } from './deliver-turn.js';
import type { FloodControl } from './flood-control.js';
import type { Logger } from './logger.js';
import type { OutageSpool } from './outage-spool.js';
import type { SegmentBudget } from './segment-budget.js';
import type { Metrics } from './metrics.js';
import type { PreviewStatus } from './preview-routes.js';
import { previewRoutes } from './preview-routes.js';
import type { ReloadOutcome } from './reload-bot.js';
import { twilioHandlers } from './twilio-routes.js';

/** Twilio posts small forms; anything bigger is refused before it is read. */
export const BODY_LIMIT = '32kb';

const REQUEST_ID = /^[\w-]{8,64}$/;

export interface AppOptions {
  config: Pick<Config, 'publicBaseUrl' | 'idSecret' | 'adminToken' | 'chatPage' | 'twilio'>;
  store: Store;
  handleMessage: MessageHandler;
  fallback: () => Reply[];
  logger: Logger;
  metrics: Metrics;
  onEvents?: (events: AnalyticsEvent[], conversationId: string, channel: Channel) => void;
  /** Publish edited flows and content (POST /admin/reload); the chat page shows the last outcome. */
  reload?: () => Promise<ReloadOutcome>;
  preview?: PreviewStatus;
  /** Further routes built by the caller (the connector inbox, the admin API), mounted before "not found". */
  routers?: Router[];
  floodControl?: FloodControl;
  segmentBudget?: SegmentBudget;
  /** Campaigns the chat page can start, as a resident's scan would. */
  campaignPreviews?: () => CampaignPreview[];
  /** A status callback for a message we sent: updates the follow-up's record when it was one. */
  onDeliveryStatus?: (messageSid: string, status: string, errorCode?: number) => Promise<unknown>;
  crisisReplies?: (text: string) => Promise<Reply[] | null>;
  spool?: OutageSpool;
  delayed?: () => Reply[];
}

/** The express app: routes only. Everything it uses is built by the caller and passed in. */
export function createApp(options: AppOptions) {
  const { config, store, metrics, logger } = options;
  const inFlight = { count: 0 };
  const deliverTurn = createTurnDelivery({
    handleMessage: options.handleMessage,
    logger,
    metrics,
    fallback: options.fallback,
    ...(options.onEvents ? { onEvents: options.onEvents } : {}),
    ...(options.floodControl ? { floodControl: options.floodControl } : {}),
    ...(options.segmentBudget ? { segmentBudget: options.segmentBudget } : {}),
    ...(options.crisisReplies ? { crisisReplies: options.crisisReplies } : {}),
    ...(options.spool ? { spool: options.spool } : {}),
    ...(options.delayed ? { delayed: options.delayed } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Security headers on every answer. Nothing here is meant to be framed or to load anything; the chat page
  // sets its own policy for its inline script and style.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));

  // Request ids: unique per process start, then a counter (no random bytes per request).
  const idPrefix = randomBytes(6).toString('base64url');
  let requests = 0;
  const requestContext: RequestHandler = (req, res, next) => {
    // A caller's id is kept only if it is plainly an id (8 to 64 letters, digits, - or _); otherwise ours.
    const given = req.header('X-Request-Id');
    const id = given && REQUEST_ID.test(given) ? given : `${idPrefix}-${(requests += 1).toString(36)}`;
    res.setHeader('X-Request-Id', id);
    res.locals.log = logger.child({ requestId: id });
    inFlight.count += 1;
    res.on('close', () => (inFlight.count -= 1));
    next();
  };
  app.use(requestContext);

  // The webhook first: it is nearly all the traffic.
  const twilioForm = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 200 });
  const twilio = twilioHandlers({
    ...(config.twilio.authToken ? { authToken: config.twilio.authToken } : {}),
    publicBaseUrl: config.publicBaseUrl,
    idSecret: config.idSecret,
    deliverTurn,
    handleMessage: options.handleMessage,
    metrics,
    ...(options.onDeliveryStatus ? { onDeliveryStatus: options.onDeliveryStatus } : {}),
  });
  app.post('/twilio/messages', twilioForm, twilio.messages);
  app.post('/twilio/status', twilioForm, twilio.status);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready', store: store.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', store: store.kind, reason: 'the store does not answer' });
    }
  });
  app.get('/metrics', requireAdminToken(config.adminToken, 'Metrics are off: set ADMIN_TOKEN to enable them.'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (options.reload) app.use(adminRoutes({ adminToken: config.adminToken, reload: options.reload }));

  if (config.chatPage) {
    app.use('/chat', express.json({ limit: BODY_LIMIT }));
    app.use(chatRoutes({ idSecret: config.idSecret, deliverTurn, store, ...(options.campaignPreviews ? { campaigns: options.campaignPreviews } : {}) }));
    if (options.preview) app.use(previewRoutes(options.preview));
  }

  for (const router of options.routers ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found.');
  });
  const handleError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const log = (res.locals.log as Logger | undefined) ?? logger;
    const clientError = describeClientError(error, BODY_LIMIT);
    if (clientError) {
      metrics.errors.inc({ kind: clientError.kind });
      if (!res.headersSent) res.status(clientError.status).type('text/plain').send(clientError.message);
      return;
    }
    metrics.errors.inc({ kind: 'unexpected' });
    log.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'unexpected error');
    if (!res.headersSent) res.status(500).type('text/plain').send('Something went wrong.');
  };
  app.use(handleError);
  return { app, inFlight };
}
