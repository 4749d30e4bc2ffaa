import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the expected Bearer token, compared in constant time (both sides
 * hashed first, so neither the token's length nor its characters leak through timing).
 */
export function hasBearerToken(header: string | undefined, expected: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
