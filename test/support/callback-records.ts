import { randomBytes } from 'node:crypto';
import { createCallbackRecords, type CallbackRecords, type NotificationKind } from '../../src/callbacks/callback-records.js';
import { createContactCipher } from '../../src/callbacks/contact-cipher.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';

export { storedFor } from '../../src/conversation-tests/callback-host.js';

/** A random key for the run (as CALLBACK_KEYS would give), id "test". */
export const TEST_CIPHER = createContactCipher([{ id: 'test', key: randomBytes(32) }]);

/** Callback records on a fresh embedded database (PGlite, in memory), or on `db` when given. */
export async function openCallbackRecords(options: { db?: Database; notify?: NotificationKind[] } = {}): Promise<{ db: Database; records: CallbackRecords }> {
  const db = options.db ?? (await openDatabase({}));
  return { db, records: createCallbackRecords({ db, cipher: TEST_CIPHER, notify: options.notify ?? ['email'] }) };
}
