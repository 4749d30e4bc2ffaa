import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `Bearer <expected>`, compared in constant time: both sides are hashed
 * first, so neither the time taken nor an early length mismatch tells a caller how much of a guess was right.
 */
export function hasBearerToken(header: string | undefined, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${expected}`));
}
