import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../src/records/postgres-database.js';
import { createTestDatabase } from '../support/postgres.js';

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => (test = await createTestDatabase()), 60_000);
afterAll(() => test?.drop());

/** Connections PostgreSQL has open to the test database (seen from a client of its own, not the pool's). */
async function connectionsTo(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: url.replace(`/${name}`, '/postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

it('keeps one connection open through a quiet spell, so a rare callback request does not wait for a new one', async () => {
  const db = createPostgresDatabase(test.url, { idleMs: 50 });
  try {
    // A burst opens several connections at once.
    await Promise.all(Array.from({ length: 3 }, () => db.query('SELECT pg_sleep(0.05)')));
    expect(await connectionsTo(test.url)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The extra ones close once idle; one stays, and the next query runs on it.
    expect(await connectionsTo(test.url)).toBe(1);
    const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const [again] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(again!.pid).toBe(row!.pid);
  } finally {
    await db.close();
  }
});
