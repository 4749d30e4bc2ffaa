import { randomBytes } from 'node:crypto';
import { createCallbackRecords, type CallbackRecords, type NotificationKind } from '../../src/callbacks/callback-records.js';
import { createContactCipher } from '../../src/callbacks/contact-cipher.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';

/** A random key for the run (as CALLBACK_KEYS would give), id "test". */
export const TEST_CIPHER = createContactCipher([{ id: 'test', key: randomBytes(32) }]);

/** Callback records on a fresh embedded database (PGlite, in memory), or on `db` when given. */
export async function openCallbackRecords(options: { db?: Database; notify?: NotificationKind[] } = {}): Promise<{ db: Database; records: CallbackRecords }> {
  const db = options.db ?? (await openDatabase({}));
  return { db, records: createCallbackRecords({ db, cipher: TEST_CIPHER, notify: options.notify ?? ['email'] }) };
}

/** What is stored for one resident (by contact hash), as a test would check it. */
export async function storedFor(db: Database, contactHash: string): Promise<{ total: number; open: number; withNumber: number; withName: number }> {
  const [row] = await db.query<{ total: string; open: string; with_number: string; with_name: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('new', 'contacted')) AS open,
            count(phone_encrypted) AS with_number, count(first_name_encrypted) AS with_name
     FROM callback_requests WHERE contact_hash = $1`,
    [contactHash],
  );
  return { total: Number(row!.total), open: Number(row!.open), withNumber: Number(row!.with_number), withName: Number(row!.with_name) };
}
