import type { Database } from '../records/database.js';
import type { CallbackRequest } from './callback-request.js';
import type { CallbackRecords, NotificationKind } from './callback-records.js';

/** Tells the team about one request; throws when it could not (the dispatcher retries). */
export type NotificationSender = (request: CallbackRequest) => Promise<void>;

export interface DispatcherOptions {
  db: Database;
  records: CallbackRecords;
  senders: Partial<Record<NotificationKind, NotificationSender>>;
  /** After this many tries a notification is marked failed and shown as such in the inbox. */
  maxAttempts?: number;
  /** First retry after this long, doubling each time. */
  retryBaseMs?: number;
  /** A claimed notification is retried by another process if this one dies while sending. */
  leaseMs?: number;
}

/**
 * Sends the notifications recorded with each request, retrying with backoff. The request itself was saved
 * first, in the same transaction that queued its notifications, so a failed e-mail never loses a request.
 */
export function createNotificationDispatcher(options: DispatcherOptions) {
  const { db, records, senders } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 120_000;

  return async function deliverDue(now = new Date()): Promise<{ sent: number; failed: number }> {
    // Claim due notifications (SKIP LOCKED: several processes never send the same one twice).
    const claimed = await db.query<{ id: string; request_id: string; kind: NotificationKind; attempts: number }>(
      `UPDATE callback_notifications SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (SELECT id FROM callback_notifications WHERE status = 'pending' AND next_attempt_at <= $1
                    ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING id, request_id, kind, attempts`,
      [now, new Date(now.getTime() + leaseMs)],
    );
    let sent = 0;
    let failed = 0;
    for (const claim of claimed) {
      const request = await records.get(claim.request_id);
      const send = senders[claim.kind];
      try {
        if (!request) continue; // erased meanwhile: the notification went with it
        if (!send) throw new Error(`no ${claim.kind} sender is configured`);
        await send(request);
        await db.query(`UPDATE callback_notifications SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [claim.id, now]);
        sent += 1;
      } catch (error) {
        failed += 1;
        const giveUp = claim.attempts >= maxAttempts;
        await db.query(
          `UPDATE callback_notifications SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`,
          [claim.id, giveUp ? 'failed' : 'pending', new Date(now.getTime() + retryBaseMs * 2 ** (claim.attempts - 1)), describe(error)],
        );
      }
    }
    return { sent, failed };
  };
}

export type DeliverDue = ReturnType<typeof createNotificationDispatcher>;

/** What a connector sees when a notification failed: the reason, short, never a stack. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
