import { insertAnalyticsRecords } from '../../src/analytics/analytics-store.js';
import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';
import { refreshWeeklyRollup } from '../../src/analytics/weekly-rollup.js';
import type { Database } from '../../src/records/database.js';
import { people } from './analytics-people.js';

/** Eight weeks of autumn 2026 with fixed figures for every report, some of them under 10. */
export const AUTUMN = { from: '2026-10-05', to: '2026-11-29' };
const MONDAYS = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 9, 5 + 7 * i, 10)));

/** Load the autumn figures through the analytics store and its weekly rollup, as the server would. */
export async function loadAutumnFigures(db: Database): Promise<void> {
  let next = 0;
  const group = (count: number, base: Partial<AnalyticsRecord> & Pick<AnalyticsRecord, 'event'>, at = MONDAYS[0]!) => {
    const made = people(count, { at, ...base } as Partial<AnalyticsRecord> & Pick<AnalyticsRecord, 'event'>, next);
    next += count;
    return made;
  };
  const records: AnalyticsRecord[] = [
    ...MONDAYS.flatMap((at, week) => [
      ...group(20 + 3 * week, { event: 'conversation_started' }, at),
      ...group(12, { event: 'conversation_started', channel: 'whatsapp' }, at),
      ...group(6, { event: 'conversation_started', channel: 'whatsapp', language: 'pl' }, at),
      ...(week >= 4 ? group(14, { event: 'conversation_started', campaign: 'gp_poster' }, at) : []),
      ...group(25, { event: 'follow_up_sent', detail: 'checkin_2w' }, at),
      ...group(22, { event: 'follow_up_delivered', detail: 'checkin_2w' }, at),
      ...group(9 + week, { event: 'follow_up_answered', detail: 'checkin_2w' }, at),
    ]),
    ...group(180, { event: 'stage_reached', detail: 'welcome' }),
    ...group(130, { event: 'stage_reached', detail: 'checkin' }),
    ...group(90, { event: 'stage_reached', detail: 'tips' }),
    ...group(60, { event: 'stage_reached', detail: 'activities' }),
    ...group(24, { event: 'stage_reached', detail: 'talk' }),
    ...group(7, { event: 'stage_reached', detail: 'callback' }),
    ...group(35, { event: 'checkin_band', detail: 'low' }),
    ...group(52, { event: 'checkin_band', detail: 'some' }),
    ...group(43, { event: 'checkin_band', detail: 'high' }),
    ...group(18, { event: 'life_event', detail: 'bereavement' }),
    ...group(26, { event: 'life_event', detail: 'retirement' }),
    ...group(12, { event: 'life_event', detail: 'caring' }),
    ...group(4, { event: 'life_event', detail: 'new_parent' }),
    ...group(30, { event: 'activity_search', detail: 'DN15', amount: 4 }),
    ...group(12, { event: 'activity_search', detail: 'DN15', amount: 0 }),
    ...group(14, { event: 'activity_search', detail: 'DN16', amount: 0 }),
    ...group(11, { event: 'activity_search', detail: 'DN16', amount: 2 }),
    ...group(5, { event: 'activity_search', detail: 'DN40', amount: 0 }),
    ...group(20, { event: 'follow_up_outcome', detail: 'checkin_2w', amount: -2 }),
    ...group(15, { event: 'follow_up_outcome', detail: 'checkin_2w', amount: 0 }),
    ...group(6, { event: 'follow_up_outcome', detail: 'checkin_2w', amount: 1 }),
  ];
  await insertAnalyticsRecords(db, records);
  await refreshWeeklyRollup(db);
}
