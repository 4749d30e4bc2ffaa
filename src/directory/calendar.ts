import { WEEKDAYS, type Weekday } from './model.js';

/** Injected so searches about "today" are testable and follow UK time, not the server's zone. */
export type Clock = () => Date;

export const DAY_FILTERS = ['today', 'this_week', 'weekend', ...WEEKDAYS] as const;
export type DayFilter = (typeof DAY_FILTERS)[number];

const LONDON_WEEKDAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' });
const SHORT_TO_DAY: Record<string, Weekday> = { Mon: 'mo', Tue: 'tu', Wed: 'we', Thu: 'th', Fri: 'fr', Sat: 'sa', Sun: 'su' };

export function weekdayInLondon(date: Date): Weekday {
  return SHORT_TO_DAY[LONDON_WEEKDAY.format(date)]!;
}

/** Bit i set = WEEKDAYS[i] (Monday = bit 0). */
export function daysMask(days: readonly Weekday[]): number {
  return days.reduce((mask, d) => mask | (1 << WEEKDAYS.indexOf(d)), 0);
}

/** "this week" runs from today to Sunday, as people mean it. */
export function dayFilterMask(filter: DayFilter, now: Date): number {
  const today = WEEKDAYS.indexOf(weekdayInLondon(now));
  switch (filter) {
    case 'today':
      return 1 << today;
    case 'this_week':
      return 0b1111111 & ~((1 << today) - 1);
    case 'weekend':
      return daysMask(['sa', 'su']);
    default:
      return daysMask([filter]);
  }
}
