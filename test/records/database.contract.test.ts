import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/records/database.js';
import { applyMigrations } from '../../src/records/migrate.js';
import { MIGRATIONS } from '../../src/records/migrations.js';
import { RECORDS_BACKENDS } from '../support/records-backends.js';

for (const backend of RECORDS_BACKENDS) {
  describe(`records database contract: ${backend.name}`, () => {
    let db: Database;
    let done: () => Promise<void>;
    beforeAll(async () => ({ db, done } = await backend.open()), 120_000);
    afterAll(() => done?.());

    it('applies every migration at open, records each once, and applies nothing the second time', async () => {
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await applyMigrations(db)).toEqual([]);
    });

    it('leaves nothing behind when a migration fails, and does not record it', async () => {
      const broken = [...MIGRATIONS, { version: 999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;' }];
      await expect(applyMigrations(db, broken)).rejects.toThrow();
      expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
      expect(await db.query('SELECT 1 FROM schema_migrations WHERE version = 999')).toEqual([]);
    });

    it('applies a new migration exactly once when two processes start together', async () => {
      const next = [...MIGRATIONS, { version: 2_000 + RECORDS_BACKENDS.indexOf(backend), name: 'added', sql: 'CREATE TABLE contract_added (id int PRIMARY KEY)' }];
      const [a, b] = await Promise.all([applyMigrations(db, next), applyMigrations(db, next)]);
      expect([...a, ...b]).toEqual([next.at(-1)!.version]);
      await db.query('DELETE FROM schema_migrations WHERE version = $1', [next.at(-1)!.version]);
      await db.query('DROP TABLE contract_added');
    });

    it('binds parameters the same way: text with quotes and emoji, null, timestamps, numbers', async () => {
      const at = new Date('2026-11-23T10:00:00.123Z');
      const [row] = await db.query<{ text: string; none: null; at: Date; n: number }>(
        'SELECT $1::text AS text, $2::text AS none, $3::timestamptz AS at, $4::int AS n',
        ["O'Brien <b>🙂</b>", null, at, 42],
      );
      expect(row).toEqual({ text: "O'Brien <b>🙂</b>", none: null, at, n: 42 });
    });

    it('binds arrays the same way, so a batch of rows goes as one statement (unnest)', async () => {
      const rows = await db.query<{ name: string; n: number | null }>('SELECT * FROM unnest($1::text[], $2::int[]) AS t(name, n)', [
        ['', 'null', "O'Brien", 'a,b'],
        [1, null, 3, -4],
      ]);
      expect(rows).toEqual([
        { name: '', n: 1 },
        { name: 'null', n: null },
        { name: "O'Brien", n: 3 },
        { name: 'a,b', n: -4 },
      ]);
    });

    it('commits a transaction that finishes and rolls back one that throws', async () => {
      await db.query('CREATE TABLE contract_tx (id int PRIMARY KEY)');
      await db.transaction(async (tx) => void (await tx.query('INSERT INTO contract_tx VALUES (1)')));
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO contract_tx VALUES (2)');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await db.query<{ id: number }>('SELECT id FROM contract_tx ORDER BY id')).toEqual([{ id: 1 }]);
      await db.query('DROP TABLE contract_tx');
    });

    it('answers a ping', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
    });
  });
}
