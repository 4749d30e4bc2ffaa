import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { createTestDatabase } from './postgres.js';

/** One contract, two databases: what passes on both behaves the same on a laptop (PGlite) and in production. */
export const RECORDS_BACKENDS: { name: string; open(): Promise<{ db: Database; done(): Promise<void> }> }[] = [
  {
    name: 'PGlite (embedded)',
    async open() {
      const db = await openDatabase({});
      return { db, done: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL (127.0.0.1:5432)',
    async open() {
      const test = await createTestDatabase();
      const db = await openDatabase({ databaseUrl: test.url });
      return { db, done: async () => (await db.close(), await test.drop()) };
    },
  },
];
