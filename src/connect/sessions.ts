import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../records/database.js';
import type { StaffRole } from './accounts.js';

/** A working day: connectors sign in again each morning. */
export const SESSION_HOURS = 8;

export interface ConnectorSession {
  accountId: string;
  email: string;
  role: StaffRole;
  /** Must come back with every form that changes something (synchroniser token). */
  csrf: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startSession(db: Database, accountId: string, now: Date): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  // Expired sessions go as new ones start: no scheduler needed for this table.
  await db.query('DELETE FROM connector_sessions WHERE expires_at < $1', [now]);
  await db.query('INSERT INTO connector_sessions (token_hash, account_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
    tokenHash(token),
    accountId,
    csrf,
    new Date(now.getTime() + SESSION_HOURS * 3_600_000),
  ]);
  return { token, csrf };
}

export async function readSession(db: Database, token: string | undefined, now: Date): Promise<ConnectorSession | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db.query<{ account_id: string; email: string; role: StaffRole; csrf_token: string }>(
    `SELECT s.account_id, a.email, a.role, s.csrf_token FROM connector_sessions s JOIN connector_accounts a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [tokenHash(token), now],
  );
  return row ? { accountId: row.account_id, email: row.email, role: row.role, csrf: row.csrf_token } : null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.query('DELETE FROM connector_sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Compares secrets in constant time (tokens, CSRF values, the admin token). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
