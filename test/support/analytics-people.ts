import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';

/** `count` people (distinct pseudonyms, numbered from `first`) each with one event like `base`. */
export function people(count: number, base: Partial<AnalyticsRecord> & Pick<AnalyticsRecord, 'event'>, first = 0): AnalyticsRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    at: new Date('2027-01-05T10:00:00Z'),
    pseudonym: `person${first + i}`.padEnd(22, '_'),
    channel: 'sms',
    language: 'en',
    campaign: '',
    detail: '',
    amount: null,
    ...base,
  }) as AnalyticsRecord);
}
