import type { Queryable } from '../records/database.js';

/** Who did what to which request. Never a number or a name: the DPO reads this to see every access. */
export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  requestId: string | null;
  detail: string | null;
}

export type AuditAction =
  | 'request_created'
  | 'number_revealed'
  | 'status_changed'
  | 'note_changed'
  | 'withdrawn_by_resident'
  | 'erased_by_resident'
  | 'purged_after_retention'
  | 'signed_in'
  | 'sign_in_failed'
  | 'account_locked'
  | 'signed_out'
  | 'account_created';

export async function writeAudit(db: Queryable, entry: { actor: string; action: AuditAction; requestId?: string | null; detail?: string | null }): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, request_id, detail) VALUES ($1, $2, $3, $4)', [
    entry.actor,
    entry.action,
    entry.requestId ?? null,
    entry.detail ?? null,
  ]);
}

export async function listAudit(db: Queryable, options: { requestId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  const rows = await db.query<{ at: Date; actor: string; action: string; request_id: string | null; detail: string | null }>(
    `SELECT at, actor, action, request_id, detail FROM audit_log
     WHERE ($1::uuid IS NULL OR request_id = $1::uuid) ORDER BY at DESC, id DESC LIMIT $2`,
    [options.requestId ?? null, options.limit ?? 200],
  );
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, requestId: r.request_id, detail: r.detail }));
}
