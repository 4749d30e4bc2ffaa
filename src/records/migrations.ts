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
    version: 2,
    name: 'analytics: anonymous events, weekly aggregates, report views',
    sql: `
      -- One row per anonymous fact (src/analytics/analytics-record.ts). Never a number, a session id or words:
      -- the pseudonym is an HMAC of the conversation and the month, so it changes every month.
      CREATE TABLE analytics_events (
        at timestamptz NOT NULL,
        pseudonym text NOT NULL,
        event text NOT NULL,
        channel text NOT NULL DEFAULT '',
        language text NOT NULL DEFAULT '',
        campaign text NOT NULL DEFAULT '',
        -- What the event is about: a journey stage, a band, a life event, a postcode district, a follow-up.
        detail text NOT NULL DEFAULT '',
        -- A number that goes with it: activities found, a change in the check-in score.
        amount integer
      );
      CREATE INDEX analytics_events_at ON analytics_events (at);

      -- What the reports read, and all that is kept of a week once its raw events pass the retention limit.
      -- people: distinct pseudonyms in that week (summed over weeks by the reports).
      CREATE TABLE analytics_weekly (
        week date NOT NULL,
        channel text NOT NULL,
        language text NOT NULL,
        campaign text NOT NULL,
        event text NOT NULL,
        detail text NOT NULL,
        people integer NOT NULL,
        events integer NOT NULL,
        amount_sum bigint NOT NULL DEFAULT 0,
        amount_count integer NOT NULL DEFAULT 0,
        amount_negative integer NOT NULL DEFAULT 0,
        amount_zero integer NOT NULL DEFAULT 0,
        amount_positive integer NOT NULL DEFAULT 0,
        PRIMARY KEY (week, event, detail, channel, language, campaign)
      );
      CREATE INDEX analytics_weekly_event_week ON analytics_weekly (event, week);

      CREATE VIEW report_conversations_by_week AS
        SELECT week, channel, language, campaign, events AS conversations, people
        FROM analytics_weekly WHERE event = 'conversation_started';
      CREATE VIEW report_journey_funnel AS
        SELECT week, channel, language, campaign, CASE event WHEN 'conversation_started' THEN 'start' ELSE detail END AS stage, people
        FROM analytics_weekly WHERE event IN ('stage_reached', 'conversation_started');
      CREATE VIEW report_checkin_bands AS
        SELECT week, channel, language, campaign, detail AS band, people
        FROM analytics_weekly WHERE event = 'checkin_band';
      CREATE VIEW report_life_events AS
        SELECT week, channel, language, campaign, detail AS life_event, people
        FROM analytics_weekly WHERE event = 'life_event';
      CREATE VIEW report_activity_searches AS
        SELECT week, channel, language, campaign, detail AS district, events AS searches, amount_zero AS nothing_nearby, people
        FROM analytics_weekly WHERE event = 'activity_search';
      CREATE VIEW report_followup_outcomes AS
        SELECT week, channel, language, campaign, detail AS follow_up, people, amount_sum, amount_count,
               amount_negative AS improved, amount_zero AS same, amount_positive AS worse
        FROM analytics_weekly WHERE event = 'follow_up_outcome';
      CREATE VIEW report_followups_delivery AS
        SELECT week, channel, language, campaign,
               CASE event WHEN 'follow_up_sent' THEN 'sent' WHEN 'follow_up_delivered' THEN 'delivered' ELSE 'answered' END AS stage,
               people
        FROM analytics_weekly WHERE event IN ('follow_up_sent', 'follow_up_delivered', 'follow_up_answered');
    `,
  },
  {
    version: 3,
    name: 'callback inbox pages by keyset: (status, created_at, id)',
    sql: `
      -- A page starts after (or before) a neighbouring page's edge request; with id in the index, that is one
      -- index range scan whichever page it is. B-trees read both ways, so these replace the DESC ones.
      CREATE INDEX callback_requests_status_keyset ON callback_requests (status, created_at, id);
      CREATE INDEX callback_requests_keyset ON callback_requests (created_at, id);
      DROP INDEX callback_requests_status_created;
      DROP INDEX callback_requests_created;
    `,
  },
  {
    version: 4,
    name: 'staff roles: connector or analyst',
    sql: `
      -- One sign-in for council staff; the role decides what they see (connectors the inbox, analysts insights).
      ALTER TABLE connector_accounts ADD COLUMN role text NOT NULL DEFAULT 'connector' CHECK (role IN ('connector', 'analyst'));
    `,
  },
];
