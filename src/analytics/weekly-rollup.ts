import type { Database, Queryable } from '../records/database.js';

/** Any fixed number: two processes never roll up or purge the same weeks at once. */
const ROLLUP_LOCK = 7_415_017;

const WEEK_OF = `date_trunc('week', at AT TIME ZONE 'UTC')::date`;

/**
 * Recompute the weekly aggregates the reports read, for the weeks from `from` (a week's Monday, UTC) up to
 * `until` (exclusive; open-ended when null). Only weeks whose raw events are all still kept may be given: a
 * week is always rebuilt whole.
 */
async function rollUp(tx: Queryable, from: string, until: string | null): Promise<void> {
  await tx.query(`DELETE FROM analytics_weekly WHERE week >= $1::date AND ($2::date IS NULL OR week < $2::date)`, [from, until]);
  await tx.query(
    `INSERT INTO analytics_weekly (week, channel, language, campaign, event, detail, people, events,
                                   amount_sum, amount_count, amount_negative, amount_zero, amount_positive)
     SELECT ${WEEK_OF}, channel, language, campaign, event, detail, count(DISTINCT pseudonym), count(*),
            coalesce(sum(amount), 0), count(amount), count(*) FILTER (WHERE amount < 0),
            count(*) FILTER (WHERE amount = 0), count(*) FILTER (WHERE amount > 0)
     FROM analytics_events
     WHERE at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND ($2::date IS NULL OR at < ($2::date)::timestamp AT TIME ZONE 'UTC')
     GROUP BY 1, channel, language, campaign, event, detail`,
    [from, until],
  );
}

/**
 * Bring the weekly aggregates up to date: the last week already rolled up (late events may still have come)
 * and every week after it, or every week kept when nothing was rolled up yet. Cheap to run every few minutes.
 */
export async function refreshWeeklyRollup(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    const [bounds] = await tx.query<{ from: string | null }>(
      `SELECT to_char(greatest(
         (SELECT max(week) - 7 FROM analytics_weekly),
         (SELECT ${WEEK_OF} FROM analytics_events ORDER BY at LIMIT 1)
       ), 'YYYY-MM-DD') AS from`,
    );
    if (bounds?.from) await rollUp(tx, bounds.from, null);
  });
}

/**
 * Retention: raw events older than `retentionMonths` (whole weeks) are rolled into the weekly aggregates and
 * deleted; the aggregates stay, so the reports still cover those weeks. Returns how many raw events went.
 */
export async function purgeExpiredEvents(db: Database, options: { retentionMonths: number; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    const [bounds] = await tx.query<{ oldest: string | null; cutoff: string }>(
      `SELECT (SELECT to_char(${WEEK_OF}, 'YYYY-MM-DD') FROM analytics_events ORDER BY at LIMIT 1) AS oldest,
              to_char(date_trunc('week', ($1::timestamptz AT TIME ZONE 'UTC') - make_interval(months => $2::int)), 'YYYY-MM-DD') AS cutoff`,
      [now, options.retentionMonths],
    );
    if (!bounds?.oldest || bounds.oldest >= bounds.cutoff) return 0;
    await rollUp(tx, bounds.oldest, bounds.cutoff);
    const deleted = await tx.query<{ n: number }>(
      `WITH gone AS (DELETE FROM analytics_events WHERE at < ($1::date)::timestamp AT TIME ZONE 'UTC' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [bounds.cutoff],
    );
    return deleted[0]?.n ?? 0;
  });
}
