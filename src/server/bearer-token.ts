import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * Whether an Authorization header carries `Bearer <expected>`, compared in constant time: both sides are hashed
 * first, so neither the time taken nor an early length mismatch tells a caller how much of a guess was right.
 */
export function hasBearerToken(header: string | undefined, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${expected}`));
}

/** Admin routes: 403 with `whenOff` while ADMIN_TOKEN is unset, 401 without the token, else on to the route. */
export function requireAdminToken(adminToken: string | undefined, whenOff: string): RequestHandler {
  return (req, res, next) => {
    if (!adminToken) {
      res.status(403).type('text/plain').send(whenOff);
      return;
    }
    if (!hasBearerToken(req.header('Authorization'), adminToken)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorised.');
      return;
    }
    next();
  };
}
