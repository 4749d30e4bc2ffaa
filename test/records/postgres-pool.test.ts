import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../src/records/postgres-database.js';
import { createTestDatabase } from '../support/postgres.js';

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => (test = await createTestDatabase()), 60_000);
afterAll(() => test?.drop());

/**
 * Counts the connections PostgreSQL has open to the test database, from a client of its own (not the pool's),
 * connected before the pool is used: connecting at each count took longer than the pool's idle time on a busy machine.
 */
async function connectionCounter(url: string): Promise<{ count: () => Promise<number>; end: () => Promise<void> }> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: url.replace(`/${name}`, '/postgres') });
  await client.connect();
  return {
    count: async () => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])).rows[0]!.n,
    end: () => client.end(),
  };
}

it('keeps one connection open through a quiet spell, so a rare callback request does not wait for a new one', async () => {
  const connections = await connectionCounter(test.url);
  const db = createPostgresDatabase(test.url, { idleMs: 300 });
  try {
    // A burst opens several connections at once.
    await Promise.all(Array.from({ length: 3 }, () => db.query('SELECT pg_sleep(0.05)')));
    expect(await connections.count()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The extra ones close once idle; one stays, and the next query runs on it.
    expect(await connections.count()).toBe(1);
    const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const [again] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(again!.pid).toBe(row!.pid);
  } finally {
    await db.close();
    await connections.end();
  }
});
