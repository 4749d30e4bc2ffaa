/**
 * A handled-message result as stored in the conversation's Redis hash: `<expiresAtMs>:<result>`.
 * Each entry carries its own expiry because a hash field has no TTL of its own before Redis 7.4.
 */
export function encodeHandledEntry(result: string, expiresAtMs: number): string {
  return `${expiresAtMs}:${result}`;
}

/** The result while the entry is live, otherwise null (expired or not ours). */
export function decodeHandledEntry(raw: string | null, nowMs: number): string | null {
  if (raw === null) return null;
  const colon = raw.indexOf(':');
  const expiresAt = Number(raw.slice(0, colon));
  if (colon < 1 || !Number.isFinite(expiresAt) || expiresAt <= nowMs) return null;
  return raw.slice(colon + 1);
}
