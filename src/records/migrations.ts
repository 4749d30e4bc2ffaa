/**
 * The schema, as numbered steps applied in order at start (src/records/migrate.ts). A step, once released, is
 * never edited: change the schema by adding the next one. Plain SQL that PostgreSQL 15+ and PGlite both run.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'callback requests, connector accounts and sessions, audit log',
    sql: `
      CREATE TABLE callback_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Pseudonymous: HMAC of channel and number, and of the number alone (to erase across channels).
        conversation_id text NOT NULL,
        contact_hash text NOT NULL,
        channel text NOT NULL,
        locale text NOT NULL,
        method text NOT NULL,
        best_time text NOT NULL,
        topic text NOT NULL,
        -- Encrypted with AES-256-GCM; "<key id>.<iv>.<tag>.<ciphertext>". Null once erased.
        phone_encrypted text,
        first_name_encrypted text,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'closed', 'withdrawn')),
        note text,
        closed_at timestamptz
      );
      CREATE INDEX callback_requests_status_created ON callback_requests (status, created_at DESC);
      CREATE INDEX callback_requests_created ON callback_requests (created_at DESC);
      -- One open request per person, whichever channel they asked on, even if two arrive at once.
      CREATE UNIQUE INDEX callback_requests_one_open ON callback_requests (contact_hash) WHERE status IN ('new', 'contacted');
      CREATE INDEX callback_requests_contact ON callback_requests (contact_hash);
      CREATE INDEX callback_requests_conversation ON callback_requests (conversation_id);

      CREATE TABLE callback_notifications (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES callback_requests (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz,
        UNIQUE (request_id, kind)
      );
      CREATE INDEX callback_notifications_due ON callback_notifications (next_attempt_at) WHERE status = 'pending';

      CREATE TABLE connector_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        failed_sign_ins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE connector_sessions (
        -- SHA-256 of the cookie's token: a leaked table does not give working sessions.
        token_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES connector_accounts (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        expires_at timestamptz NOT NULL
      );

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        request_id uuid,
        detail text
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC);
      CREATE INDEX audit_log_request ON audit_log (request_id);
    `,
  },
  {
    version: 3,
    name: 'staff roles: connector or analyst',
    sql: `
      -- One sign-in for council staff; the role decides what they see (connectors the inbox, analysts insights).
      ALTER TABLE connector_accounts ADD COLUMN role text NOT NULL DEFAULT 'connector' CHECK (role IN ('connector', 'analyst'));
    `,
  },
];
