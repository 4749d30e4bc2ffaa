import type { Database } from './database.js';
import { applyMigrations } from './migrate.js';

export interface DatabaseSettings {
  /** postgres://… in production; without it, embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; without it, in memory. */
  pgliteDir?: string;
}

/** Open the records database and apply any migrations not yet applied. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  // Only the driver in use is loaded, and only when records are first needed: neither delays serving.
  const db = settings.databaseUrl
    ? (await import('./postgres-database.js')).createPostgresDatabase(settings.databaseUrl)
    : await (await import('./pglite-database.js')).createPgliteDatabase(settings.pgliteDir);
  try {
    await applyMigrations(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}

/**
 * The database, opened on first use and then shared. Embedded PGlite takes seconds to start, so a server
 * opens it in the background after listening (`get()` at start) and nothing that does not need records waits.
 */
export function createDatabaseHolder(settings: DatabaseSettings) {
  let opening: Promise<Database> | undefined;
  return {
    get(): Promise<Database> {
      opening ??= openDatabase(settings).catch((error: unknown) => {
        opening = undefined;
        throw error;
      });
      return opening;
    },
    /** Close it; one still opening is closed as soon as it opens, without holding up a shutdown. */
    async close(): Promise<void> {
      const pending = opening;
      opening = undefined;
      if (!pending) return;
      const closeWhenOpen = pending.then((db) => db.close()).catch(() => {});
      await Promise.race([closeWhenOpen, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
  };
}

export type DatabaseHolder = ReturnType<typeof createDatabaseHolder>;
