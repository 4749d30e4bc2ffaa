import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';
import type { Database } from '../../src/records/database.js';
import { openDatabase } from '../../src/records/open-database.js';
import { createTestDatabase } from './postgres.js';

/** Both records databases, as the records contract runs them: analytics must behave the same on each. */
export const ANALYTICS_BACKENDS: { name: string; open(): Promise<{ db: Database; done(): Promise<void> }> }[] = [
  {
    name: 'PGlite',
    async open() {
      const db = await openDatabase({});
      return { db, done: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const test = await createTestDatabase();
      const db = await openDatabase({ databaseUrl: test.url });
      return { db, done: async () => (await db.close(), await test.drop()) };
    },
  },
];

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
