import { z } from 'zod';
import { writeAudit } from '../callbacks/audit-log.js';
import type { Database } from '../records/database.js';

/** After this many wrong passwords in a row the account is locked for LOCK_MINUTES, even to the right one. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 12;

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address such as name@council.gov.uk' }));

/** The argon2 binding, loaded at the first sign-in rather than when the server starts. */
const argon2 = () => import('@node-rs/argon2');

/** Argon2id (memory-hard) with the library's defaults: 19 MiB, 2 passes, as OWASP recommends. */
const hashPassword = async (password: string) => (await argon2()).hash(password);
const verify = async (hash: string, password: string) => (await argon2()).verify(hash, password);

/** Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password (made at first use). */
let unknownAccountHash: Promise<string> | undefined;

/** What a staff account may open: connectors the callback inbox (/connect), analysts the insights (/insights). */
export const staffRoleSchema = z.enum(['connector', 'analyst']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export class AccountError extends Error {}

export async function createAccount(db: Database, email: string, password: string, role: StaffRole = 'connector'): Promise<void> {
  const address = emailSchema.safeParse(email);
  if (!address.success) throw new AccountError(`"${email}" ${address.error.issues[0]!.message}`);
  if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const inserted = await db.query('INSERT INTO connector_accounts (email, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id', [
    address.data,
    await hashPassword(password),
    role,
  ]);
  if (!inserted.length) throw new AccountError(`an account for ${address.data} already exists`);
  await writeAudit(db, { actor: 'cli', action: 'account_created', detail: `${address.data} (${role})` });
}

export type SignInResult = { ok: true; accountId: string; email: string; role: StaffRole } | { ok: false; reason: 'invalid' | 'locked' };

/** Check a password; count failures and lock after MAX_FAILED_SIGN_INS. Every outcome is audited. */
export async function signIn(db: Database, email: string, password: string, now: Date): Promise<SignInResult> {
  const address = emailSchema.safeParse(email);
  const [account] = address.success
    ? await db.query<{ id: string; email: string; role: StaffRole; password_hash: string; failed_sign_ins: number; locked_until: Date | null }>(
        'SELECT id, email, role, password_hash, failed_sign_ins, locked_until FROM connector_accounts WHERE email = $1',
        [address.data],
      )
    : [];
  if (!account) {
    await verify(await (unknownAccountHash ??= hashPassword('no account has this password')), password).catch(() => false);
    return { ok: false, reason: 'invalid' };
  }
  if (account.locked_until && account.locked_until > now) {
    await writeAudit(db, { actor: account.email, action: 'sign_in_failed', detail: 'account locked' });
    return { ok: false, reason: 'locked' };
  }
  if (await verify(account.password_hash, password).catch(() => false)) {
    await db.query('UPDATE connector_accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [account.id]);
    await writeAudit(db, { actor: account.email, action: 'signed_in' });
    return { ok: true, accountId: account.id, email: account.email, role: account.role };
  }
  const [updated] = await db.query<{ failed_sign_ins: number }>(
    `UPDATE connector_accounts SET failed_sign_ins = failed_sign_ins + 1,
       locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3::timestamptz ELSE NULL END
     WHERE id = $1 RETURNING failed_sign_ins`,
    [account.id, MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCK_MINUTES * 60_000)],
  );
  const locked = updated!.failed_sign_ins >= MAX_FAILED_SIGN_INS;
  await writeAudit(db, { actor: account.email, action: locked ? 'account_locked' : 'sign_in_failed', detail: `${updated!.failed_sign_ins} wrong in a row` });
  if (locked) await db.query('UPDATE connector_accounts SET failed_sign_ins = 0 WHERE id = $1', [account.id]);
  return { ok: false, reason: locked ? 'locked' : 'invalid' };
}
