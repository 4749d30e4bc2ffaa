import type { Queryable } from '../records/database.js';
import type { AnalyticsRecord } from './analytics-record.js';

/**
 * Write a batch in one statement: each column goes as one array parameter and `unnest` turns them back into
 * rows, so a thousand events are one round trip, on PostgreSQL and PGlite alike. The statement is prepared on
 * each connection, parsed and planned once rather than every second.
 */
export async function insertAnalyticsRecords(db: Queryable, records: readonly AnalyticsRecord[]): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (r: AnalyticsRecord) => T) => records.map(pick);
  await db.query(
    `INSERT INTO analytics_events (at, pseudonym, event, channel, language, campaign, detail, amount)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])`,
    [
      column((r) => r.at.toISOString()),
      column((r) => r.pseudonym),
      column((r) => r.event),
      column((r) => r.channel),
      column((r) => r.language),
      column((r) => r.campaign),
      column((r) => r.detail),
      column((r) => r.amount),
    ],
    { prepareAs: 'analytics_insert' },
  );
}
