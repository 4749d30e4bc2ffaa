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
  return openWith(await driverFor(settings));
}

type Driver = () => Promise<Database>;

/** Only the driver in use is loaded, and only when records are first needed (or a server is about to listen). */
async function driverFor(settings: DatabaseSettings): Promise<Driver> {
  const { databaseUrl, pgliteDir } = settings;
  if (databaseUrl) {
    const { createPostgresDatabase } = await import('./postgres-database.js');
    return async () => createPostgresDatabase(databaseUrl);
  }
  const { createPgliteDatabase } = await import('./pglite-database.js');
  return () => createPgliteDatabase(pgliteDir);
}

async function openWith(driver: Driver): Promise<Database> {
  const db = await driver();
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
 * The driver's code is loaded before listening (`loadDriver()`): loading pg after it held the first requests.
 */
export function createDatabaseHolder(settings: DatabaseSettings) {
  let driver: Promise<Driver> | undefined;
  let opening: Promise<Database> | undefined;
  const loadDriver = () =>
    (driver ??= driverFor(settings).catch((error: unknown) => {
      driver = undefined;
      throw error;
    }));
  return {
    /** Load the driver's code now; a failure is left for `get()` to report. */
    async loadDriver(): Promise<void> {
      await loadDriver().catch(() => {});
    },
    get(): Promise<Database> {
      opening ??= loadDriver()
        .then(openWith)
        .catch((error: unknown) => {
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
