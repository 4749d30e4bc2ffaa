import type { RequestHandler, Response } from 'express';

/**
 * When a webhook reached this server, taken before its body is read: one person's messages are handled in
 * this order across instances (the store's lock queue is ordered by it), whatever each request then waits on.
 * Wall-clock milliseconds, so instances on one host agree exactly and NTP-synced hosts to a few ms.
 */
export const stampArrival: RequestHandler = (_req, res, next) => {
  res.locals.arrivedAt = Date.now();
  next();
};

/** The stamp as a field of an incoming message, or nothing when the route had none. */
export function arrivalOf(res: Response): { arrivedAt?: number } {
  const arrivedAt = res.locals.arrivedAt as number | undefined;
  return arrivedAt ? { arrivedAt } : {};
}
