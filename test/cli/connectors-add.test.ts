import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/connect/accounts.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { createTestDatabase } from '../support/postgres.js';
import { runCli } from '../support/run-cli.js';

/** npm run connectors:add, with the password piped in as a script would. */
const connectorsAdd = (args: string[], input: string, env: Record<string, string>) => runCli('src/cli/connectors-add.ts', args, env, input);

describe('npm run connectors:add', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Database;
  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
    db = await openDatabase({ databaseUrl: url });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('creates an account whose password is stored only as an argon2id hash, and it can sign in', async () => {
    const run = await connectorsAdd(['Sam.Connector@Council.gov.uk'], 'correct horse battery\n', { DATABASE_URL: url });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Account created for sam.connector@council.gov.uk');
    expect(run.status).toBe(0);
    const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM connector_accounts');
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(row!.password_hash).not.toContain('horse');
    expect(await signIn(db, 'sam.connector@council.gov.uk', 'correct horse battery', new Date())).toMatchObject({ ok: true });
  });

  it('creates an analyst account with --role analyst (npm run analysts:add), which signs in as an analyst', async () => {
    const run = await connectorsAdd(['--role', 'analyst', 'ana@council.gov.uk'], 'an analyst password\n', { DATABASE_URL: url });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Account created for ana@council.gov.uk (analyst). They can sign in at');
    expect(run.stdout).toContain('/insights');
    expect(await signIn(db, 'ana@council.gov.uk', 'an analyst password', new Date())).toMatchObject({ ok: true, role: 'analyst' });
    expect(await signIn(db, 'sam.connector@council.gov.uk', 'correct horse battery', new Date())).toMatchObject({ ok: true, role: 'connector' });
  });

  it('answers every mistake with one clear line and exit code 2, never a stack trace', async () => {
    const cases: [string[], string, Record<string, string>, RegExp][] = [
      [['sam.connector@council.gov.uk'], 'another long password\n', { DATABASE_URL: url }, /already exists/],
      [['not-an-email'], 'a long enough password\n', { DATABASE_URL: url }, /must be an e-mail address/],
      [['new@council.gov.uk'], 'short\n', { DATABASE_URL: url }, /at least 12 characters/],
      [['new@council.gov.uk'], 'a long enough password\n', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, /records database failed/],
      [['new@council.gov.uk'], 'a long enough password\n', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must start with postgres/],
      [['--admin', 'x@council.gov.uk'], '', { DATABASE_URL: url }, /Unknown option/],
      [['--role', 'boss', 'x@council.gov.uk'], 'a long enough password\n', { DATABASE_URL: url }, /--role must be connector or analyst/],
    ];
    for (const [args, input, env, message] of cases) {
      const run = await connectorsAdd(args, input, env);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const usage = await connectorsAdd([], '', { DATABASE_URL: url });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('Usage: npm run connectors:add -- <email>');
  }, 60_000);
});
