import type { Database } from './database.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Any fixed number: several processes starting at once take turns applying migrations. */
const MIGRATION_LOCK = 7_415_001;

/**
 * Bring the schema up to date: each migration not yet in `schema_migrations` runs in its own transaction,
 * recorded with it, so a failed step leaves the schema as it was. Returns the versions applied now.
 */
export async function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
