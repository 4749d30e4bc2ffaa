import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * Limits on how long a client may take to send a request. Twilio sends a small form at once and waits 15 s for
 * the answer, so a request still arriving after these is a broken or hostile client: Node answers 408 and
 * closes the connection instead of holding it open.
 */
export const HTTP_TIMEOUTS = {
  /** All request headers received within this. */
  headersMs: 5_000,
  /** The whole request (headers and body) received within this; replies may take as long as a turn takes. */
  requestMs: 10_000,
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: 5_000,
  /** How often Node checks the two limits above (its default, 30 s, would let a stalled body sit that long). */
  checkEveryMs: 1_000,
} as const;

/** The HTTP server `npm start` runs the app in, with the timeouts above. */
export function createHttpServer(app: RequestListener, timeouts: Partial<Record<keyof typeof HTTP_TIMEOUTS, number>> = {}): Server {
  const t = { ...HTTP_TIMEOUTS, ...timeouts };
  const server = createServer({ headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs }, app);
  server.keepAliveTimeout = t.keepAliveMs;
  return server;
}
