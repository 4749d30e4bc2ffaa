import type { ReportSource } from '../../src/insights/report-source.js';
import type { ReportName, ReportTable } from '../../src/insights/report-types.js';

const col = (key: string, kind: ReportTable['columns'][number]['kind'] = 'count') => ({ key, label: key.replace(/_/g, ' '), kind });

/** Fixed tables in the shapes src/analytics/reports.ts returns, until it lands. */
const TABLES: Record<ReportName, Omit<ReportTable, 'name'>> = {
  conversations_by_week: {
    title: 'New conversations by week',
    columns: [col('week', 'text'), col('channel', 'text'), col('language', 'text'), col('campaign', 'text'), col('conversations')],
    rows: [
      { week: '2027-01-04', channel: 'sms', language: 'en', campaign: null, conversations: 40 },
      { week: '2027-01-04', channel: 'whatsapp', language: 'pl', campaign: 'law26', conversations: '<10' },
      { week: '2027-01-11', channel: 'sms', language: 'en', campaign: null, conversations: 52 },
      { week: '2027-01-11', channel: 'whatsapp', language: 'pl', campaign: 'law26', conversations: 12 },
    ],
  },
  journey_funnel: { title: 'The journey', columns: [col('stage', 'text'), col('people'), col('share_of_start', 'share')], rows: [{ stage: 'start', people: 92, share_of_start: 1 }, { stage: 'checkin', people: 60, share_of_start: 0.652 }, { stage: 'callback', people: '<10', share_of_start: null }] },
  checkin_bands: { title: 'Check-in bands', columns: [col('band', 'text'), col('people')], rows: [{ band: 'low', people: 20 }, { band: 'some', people: '<10' }, { band: 'high', people: 31 }] },
  life_events: { title: 'Life events', columns: [col('life_event', 'text'), col('people')], rows: [{ life_event: 'bereavement', people: 14 }] },
  activity_searches: { title: 'Activity searches', columns: [col('district', 'text'), col('searches'), col('nothing_nearby'), col('nothing_nearby_share', 'share')], rows: [{ district: 'LS6', searches: 40, nothing_nearby: 12, nothing_nearby_share: 0.3 }, { district: '=HYPERLINK("x")', searches: 20, nothing_nearby: '<10', nothing_nearby_share: null }] },
  followup_outcomes: { title: 'Follow-up outcomes', columns: [col('follow_up', 'text'), col('people'), col('mean_change', 'number'), col('improved'), col('same'), col('worse')], rows: [{ follow_up: 'checkin_2w', people: 30, mean_change: -1.25, improved: 15, same: 10, worse: '<10' }] },
  followups_delivery: { title: 'Follow-ups sent, delivered and answered', columns: [col('week', 'text'), col('sent'), col('delivered'), col('answered')], rows: [] },
};

export const fakeReports: ReportSource = {
  check(input) {
    const q = input as { from: string; to: string; campaign?: string };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(q.from ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(q.to ?? '')) return { ok: false, message: 'Dates are written as YYYY-MM-DD.' };
    if (q.from > q.to) return { ok: false, message: `The range is backwards: ${q.from} is after ${q.to}.` };
    return { ok: true, query: { from: q.from, to: q.to, ...(q.campaign ? { campaign: q.campaign } : {}) } };
  },
  run: async (name) => ({ name, ...TABLES[name] }),
};
