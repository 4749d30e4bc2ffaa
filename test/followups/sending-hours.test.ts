import { describe, expect, it } from 'vitest';
import { retryAt } from '../../src/followups/scheduler.js';
import { DEFAULT_SENDING_HOURS, nextSendingTime, sendingHoursSchema } from '../../src/followups/sending-hours.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('follow-ups keep to UK sending hours (default 09:00-20:00), clock changes included', () => {
  it('sends at once inside the hours', () => {
    expect(iso(nextSendingTime(at('2026-07-01T12:00:00Z')))).toBe('2026-07-01T12:00:00.000Z');
  });

  it('moves an early-morning job to 09:00 UK time: 08:00 UTC in summer, 09:00 UTC in winter', () => {
    expect(iso(nextSendingTime(at('2026-07-01T06:30:00Z')))).toBe('2026-07-01T08:00:00.000Z');
    expect(iso(nextSendingTime(at('2026-12-01T06:30:00Z')))).toBe('2026-12-01T09:00:00.000Z');
  });

  it('moves an evening job to the next morning; 20:00 itself is already quiet', () => {
    expect(iso(nextSendingTime(at('2026-07-01T19:00:00Z')))).toBe('2026-07-02T08:00:00.000Z');
    expect(iso(nextSendingTime(at('2026-12-01T19:59:00Z')))).toBe('2026-12-01T19:59:00.000Z');
    expect(iso(nextSendingTime(at('2026-12-01T20:00:00Z')))).toBe('2026-12-02T09:00:00.000Z');
  });

  it('crosses the clock changes: into BST on 29 March, back to GMT on 25 October 2026', () => {
    expect(iso(nextSendingTime(at('2026-03-28T21:00:00Z')))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(nextSendingTime(at('2026-10-24T20:30:00Z')))).toBe('2026-10-25T09:00:00.000Z');
    // 01:30 UTC on the morning the clocks go back is 01:30 GMT (or 02:30 BST an hour before): 09:00 GMT either way.
    expect(iso(nextSendingTime(at('2026-10-25T00:30:00Z')))).toBe('2026-10-25T09:00:00.000Z');
  });

  it('uses the hours from settings', () => {
    const hours = { from: '10:30', until: '18:00' };
    expect(iso(nextSendingTime(at('2026-12-01T10:00:00Z'), hours))).toBe('2026-12-01T10:30:00.000Z');
    expect(iso(nextSendingTime(at('2026-12-01T18:00:00Z'), hours))).toBe('2026-12-02T10:30:00.000Z');
    expect(sendingHoursSchema.safeParse({ from: '20:00', until: '09:00' }).success).toBe(false);
    expect(sendingHoursSchema.safeParse({ from: '9am', until: '20:00' }).success).toBe(false);
  });

  it('retries keep to the hours too: a backoff ending after 20:00 waits for 09:00, summer and winter', () => {
    const retry = { backoffMs: 30_000 };
    // Third attempt failed at 19:57 GMT: 2 minutes later is 19:59, still allowed; the fourth (4 min) is not.
    expect(iso(retryAt(3, at('2026-12-01T19:57:00Z'), retry, DEFAULT_SENDING_HOURS))).toBe('2026-12-01T19:59:00.000Z');
    expect(iso(retryAt(4, at('2026-12-01T19:57:00Z'), retry, DEFAULT_SENDING_HOURS))).toBe('2026-12-02T09:00:00.000Z');
    // 18:58 UTC in July is 19:58 BST: a 4-minute backoff crosses 20:00 BST, so 08:00 UTC the next day.
    expect(iso(retryAt(4, at('2026-07-01T18:58:00Z'), retry, DEFAULT_SENDING_HOURS))).toBe('2026-07-02T08:00:00.000Z');
  });
});
