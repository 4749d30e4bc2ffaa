import type { Database, SqlValue } from '../records/database.js';
import { writeAudit } from './audit-log.js';
import type { CallbackRequest, CallbackStatus, NewCallbackRequest } from './callback-request.js';
import type { ContactCipher } from './contact-cipher.js';

export type NotificationKind = 'email' | 'webhook';

/** Who a resident is across channels: the conversation they wrote from, and (by HMAC) their number. */
export interface ResidentKey {
  conversationId: string;
  contactHash: string;
}

/**
 * Which page of a list: after or before a request (by id), the last `fromEnd` requests, or from an offset.
 * `names: false` for a caller that never shows names (the admin API): they are then neither read nor decrypted,
 * and `firstName` is null.
 */
export type ListFilter = { status?: CallbackStatus; limit?: number; names?: boolean } & ({ after: string } | { before: string } | { fromEnd: number } | { offset?: number });

export type RecordOutcome = { status: 'recorded'; id: string } | { status: 'already_open'; id: string; createdAt: Date };

interface RequestRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  channel: string;
  locale: string;
  method: CallbackRequest['method'];
  best_time: CallbackRequest['bestTime'];
  topic: CallbackRequest['topic'];
  first_name_encrypted: string | null;
  has_number: boolean;
  status: CallbackStatus;
  note: string | null;
  closed_at: Date | null;
  notifications: CallbackRequest['notifications'] | string;
}

const selectRequest = (names = true) => `
  SELECT r.id, r.created_at, r.updated_at, r.channel, r.locale, r.method, r.best_time, r.topic, ${names ? 'r.first_name_encrypted' : 'NULL AS first_name_encrypted'},
         r.phone_encrypted IS NOT NULL AS has_number, r.status, r.note, r.closed_at,
         COALESCE((SELECT json_agg(json_build_object('kind', n.kind, 'status', n.status, 'attempts', n.attempts, 'lastError', n.last_error) ORDER BY n.kind)
                   FROM callback_notifications n WHERE n.request_id = r.id), '[]') AS notifications`;

/** Closing or withdrawing a request erases what could identify the person; the rest stays until the purge. */
const ERASE_CONTACT = 'phone_encrypted = NULL, first_name_encrypted = NULL';

/**
 * Callback requests in the records database. Numbers and names are encrypted before they are written and
 * decrypted only for the inbox; every change by a connector and every reveal goes to the audit log.
 */
export function createCallbackRecords(options: { db: Database; cipher: ContactCipher; notify: readonly NotificationKind[] }) {
  const { db, cipher } = options;

  const toRequest = (row: RequestRow): CallbackRequest => ({
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    channel: row.channel,
    locale: row.locale,
    method: row.method,
    bestTime: row.best_time,
    topic: row.topic,
    firstName: row.first_name_encrypted ? decryptOrNull(cipher, row.first_name_encrypted) : null,
    hasNumber: row.has_number,
    status: row.status,
    note: row.note,
    closedAt: row.closed_at,
    notifications: typeof row.notifications === 'string' ? JSON.parse(row.notifications) : row.notifications,
  });

  return {
    /**
     * Keep a new request, and queue the team's notifications with it in the same transaction (so a request is
     * never kept without them being sent eventually). A person with an open request keeps that one.
     */
    async record(request: NewCallbackRequest, now: Date): Promise<RecordOutcome> {
      // One statement, so one round trip and one commit inside the resident's turn: the request, its
      // notifications and the audit entry are written together or not at all.
      const [inserted] = await db.query<{ id: string }>(
        `WITH request AS (
           INSERT INTO callback_requests (created_at, updated_at, conversation_id, contact_hash, channel, locale, method, best_time, topic, phone_encrypted, first_name_encrypted)
           VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (contact_hash) WHERE status IN ('new', 'contacted') DO NOTHING RETURNING id),
         notifications AS (
           INSERT INTO callback_notifications (request_id, kind, next_attempt_at)
           SELECT request.id, kind, $1 FROM request, unnest(string_to_array($11, ',')) AS kind),
         audit AS (
           INSERT INTO audit_log (actor, action, request_id) SELECT 'resident', 'request_created', id FROM request)
         SELECT id FROM request`,
        [now, request.conversationId, request.contactHash, request.channel, request.locale, request.method, request.bestTime, request.topic,
          request.phone === null ? null : cipher.encrypt(request.phone), request.firstName === null ? null : cipher.encrypt(request.firstName), options.notify.join(',')],
        { prepareAs: 'callback_record' },
      );
      if (inserted) return { status: 'recorded', id: inserted.id };
      const [open] = await db.query<{ id: string; created_at: Date }>(
        `SELECT id, created_at FROM callback_requests WHERE contact_hash = $1 AND status IN ('new', 'contacted')`,
        [request.contactHash],
      );
      // Withdrawn between the two statements (a cancel on another channel): nothing open to point at, so record afresh.
      return open ? { status: 'already_open', id: open.id, createdAt: open.created_at } : this.record(request, now);
    },

    /** The resident cancelled (CANCEL CALLBACK) or opted out (STOP): open requests end and lose the number. */
    async withdraw(who: ResidentKey, reason: 'cancelled' | 'stop', now: Date): Promise<number> {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ id: string }>(
          `UPDATE callback_requests SET status = 'withdrawn', ${ERASE_CONTACT}, closed_at = $3, updated_at = $3
           WHERE (conversation_id = $1 OR contact_hash = $2) AND status IN ('new', 'contacted') RETURNING id`,
          [who.conversationId, who.contactHash, now],
        );
        for (const { id } of rows) await writeAudit(tx, { actor: 'resident', action: 'withdrawn_by_resident', requestId: id, detail: reason });
        return rows.length;
      });
    },

    /** DELETE: every request from this person, on any channel, is removed. The audit keeps only that it happened. */
    async erase(who: ResidentKey): Promise<number> {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ id: string }>('DELETE FROM callback_requests WHERE conversation_id = $1 OR contact_hash = $2 RETURNING id', [
          who.conversationId,
          who.contactHash,
        ]);
        for (const { id } of rows) await writeAudit(tx, { actor: 'resident', action: 'erased_by_resident', requestId: id });
        return rows.length;
      });
    },

    /**
     * A page of requests: open ones oldest first (longest waiting at the top), others newest first. A page is
     * found from a neighbouring one's edge (`after` its last request, `before` its first) or from the end, by
     * the (status, created_at, id) index, so the last of 10,000 costs what the first does; `offset` is for the
     * admin API's callers.
     */
    async list(filter: ListFilter = {}): Promise<{ requests: CallbackRequest[]; total: number }> {
      const open = filter.status === 'new' || filter.status === 'contacted';
      const status = filter.status ?? null;
      const limit = filter.limit ?? 50;
      const from = 'after' in filter ? { edge: filter.after, forward: true } : 'before' in filter ? { edge: filter.before, forward: false } : null;
      // Read backwards (then turned round) for the previous page and the last one.
      const backwards = from ? !from.forward : 'fromEnd' in filter;
      const ascending = open !== backwards;
      const params: SqlValue[] = [];
      const param = (value: SqlValue) => `$${params.push(value)}`;
      const conditions = [
        ...(status ? [`r.status = ${param(status)}`] : []),
        ...(from && isUuid(from.edge) ? [`(r.created_at, r.id) ${ascending ? '>' : '<'} (SELECT created_at, id FROM callback_requests WHERE id = ${param(from.edge)}::uuid)`] : []),
      ];
      const order = ascending ? 'ASC' : 'DESC';
      const [rows, [counted]] = await Promise.all([
        db.query<RequestRow>(
          `${selectRequest(filter.names)} FROM callback_requests r ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
           ORDER BY r.created_at ${order}, r.id ${order} LIMIT ${param('fromEnd' in filter ? filter.fromEnd : limit)} OFFSET ${param('offset' in filter ? (filter.offset ?? 0) : 0)}`,
          params,
        ),
        // The count on its own (an index-only scan) rather than count(*) OVER (), which would build every row of the list.
        db.query<{ total: string }>(`SELECT count(*) AS total FROM callback_requests${status ? ' WHERE status = $1' : ''}`, status ? [status] : []),
      ]);
      const inOrder = backwards ? rows.reverse() : rows;
      return { requests: inOrder.map(toRequest), total: Number(counted?.total ?? 0) };
    },

    async get(id: string): Promise<CallbackRequest | null> {
      if (!isUuid(id)) return null;
      const [row] = await db.query<RequestRow>(`${selectRequest()} FROM callback_requests r WHERE r.id = $1`, [id]);
      return row ? toRequest(row) : null;
    },

    /** The number, for a connector to call: every reveal is written to the audit log first. */
    async revealNumber(id: string, actor: string): Promise<string | null> {
      if (!isUuid(id)) return null;
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ phone_encrypted: string | null }>('SELECT phone_encrypted FROM callback_requests WHERE id = $1', [id]);
        if (!row?.phone_encrypted) return null;
        await writeAudit(tx, { actor, action: 'number_revealed', requestId: id });
        return cipher.decrypt(row.phone_encrypted);
      });
    },

    /** Mark an open request contacted or closed (closing erases the number and name), or change its note. */
    async update(id: string, change: { status?: 'contacted' | 'closed'; note?: string }, actor: string, now: Date): Promise<boolean> {
      if (!isUuid(id)) return false;
      return db.transaction(async (tx) => {
        if (change.status) {
          const closing = change.status === 'closed';
          const rows = await tx.query(
            `UPDATE callback_requests SET status = $2, updated_at = $3${closing ? `, ${ERASE_CONTACT}, closed_at = $3` : ''}
             WHERE id = $1 AND status IN ('new', 'contacted') RETURNING id`,
            [id, change.status, now],
          );
          if (!rows.length) return false;
          await writeAudit(tx, { actor, action: 'status_changed', requestId: id, detail: change.status });
        }
        if (change.note !== undefined) {
          const rows = await tx.query('UPDATE callback_requests SET note = $2, updated_at = $3 WHERE id = $1 RETURNING id', [id, change.note || null, now]);
          if (!rows.length) return false;
          await writeAudit(tx, { actor, action: 'note_changed', requestId: id });
        }
        return true;
      });
    },

    /** Remove every request older than the retention period, whatever its status; each removal is audited. */
    async purgeExpired(retentionDays: number, now: Date): Promise<number> {
      const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
      const rows = await db.query(
        `WITH gone AS (DELETE FROM callback_requests WHERE created_at < $1 RETURNING id)
         INSERT INTO audit_log (actor, action, request_id, detail) SELECT 'system', 'purged_after_retention', id, $2 FROM gone RETURNING id`,
        [cutoff, `${retentionDays} days`],
      );
      return rows.length;
    },
  };
}

export type CallbackRecords = ReturnType<typeof createCallbackRecords>;

/** Ids come from URLs: anything not shaped like one is simply not found (never a database error). */
function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** A name encrypted with a key since removed reads as no name, rather than breaking the whole inbox. */
function decryptOrNull(cipher: ContactCipher, sealed: string): string | null {
  try {
    return cipher.decrypt(sealed);
  } catch {
    return null;
  }
}

