import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, SqlValue } from './database.js';

/**
 * Embedded PostgreSQL (compiled to WebAssembly), so a laptop needs no database server. `dataDir` keeps the
 * records on disk; without it they live in memory (tests). One connection: PGlite serialises queries itself.
 */
export async function createPgliteDatabase(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const run = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
    (await target.query<Row>(sql, params as unknown[])).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (work) =>
      db.transaction((t) => work({ query: (sql, params) => run(t, sql, params), exec: async (sql) => void (await t.exec(sql)) } satisfies Queryable)),
    async ping() {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}
