import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { Config } from '../config.js';
import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import type { Reply } from '../conversation/reply.js';
import type { Store } from '../store/store.js';
import { chatRoutes } from './chat-routes.js';
import { createTurnDelivery } from './deliver-turn.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { twilioHandlers } from './twilio-routes.js';

/** Twilio posts small forms; anything bigger is refused before it is read. */
export const BODY_LIMIT = '32kb';

export interface AppOptions {
  config: Pick<Config, 'publicBaseUrl' | 'idSecret' | 'adminToken' | 'chatPage' | 'twilio'>;
  store: Store;
  handleMessage: MessageHandler;
  fallback: () => Reply[];
  logger: Logger;
  metrics: Metrics;
  onEvents?: (events: AnalyticsEvent[], conversationId: string) => void;
  /** Further routes built by the caller (the connector inbox, the admin API), mounted before "not found". */
  routers?: Router[];
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
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // Request ids: unique per process start, then a counter (no random bytes per request).
  const idPrefix = randomBytes(6).toString('base64url');
  let requests = 0;
  const requestContext: RequestHandler = (req, res, next) => {
    const given = req.header('X-Request-Id');
    const id = given && /^[\w-]{1,64}$/.test(given) ? given : `${idPrefix}-${(requests += 1).toString(36)}`;
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
  app.get('/metrics', async (req, res) => {
    if (!config.adminToken) {
      res.status(403).type('text/plain').send('Metrics are off: set ADMIN_TOKEN to enable them.');
      return;
    }
    if (req.header('Authorization') !== `Bearer ${config.adminToken}`) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorised.');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (config.chatPage) {
    app.use('/chat', express.json({ limit: BODY_LIMIT }));
    app.use(chatRoutes({ idSecret: config.idSecret, deliverTurn }));
  }

  for (const router of options.routers ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found.');
  });
  const handleError: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
    if (error.type === 'entity.too.large') {
      metrics.errors.inc({ kind: 'too_large' });
      res.status(413).type('text/plain').send(`Payload too large: the limit is ${BODY_LIMIT}.`);
      return;
    }
    if (error.status === 400 || error.type === 'entity.parse.failed' || error.type === 'parameters.too.many') {
      metrics.errors.inc({ kind: 'bad_request' });
      res.status(400).type('text/plain').send('Bad request: the body could not be read.');
      return;
    }
    metrics.errors.inc({ kind: 'unexpected' });
    (res.locals.log as Logger | undefined ?? logger).error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'unexpected error');
    res.status(500).type('text/plain').send('Something went wrong.');
  };
  app.use(handleError);
  return { app, inFlight };
}
