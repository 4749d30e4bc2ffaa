import { WEEKDAYS, type Schedule, type Weekday } from './model.js';

type Frequency = NonNullable<Schedule['frequency']>;

/** "MO,2TU,-1FR" (iCal BYDAY; a number prefix means "nth in the month") → ['mo','tu','fr']. */
export function parseByDay(byday: string): Weekday[] {
  const days: Weekday[] = [];
  for (const part of byday.split(/[\s,;]+/)) {
    const code = part.replace(/^[+-]?\d+/, '').slice(0, 2).toLowerCase();
    if ((WEEKDAYS as readonly string[]).includes(code) && !days.includes(code as Weekday)) days.push(code as Weekday);
  }
  return days;
}

const DAY_WORDS: Record<string, Weekday> = {
  mon: 'mo', monday: 'mo', mo: 'mo',
  tue: 'tu', tues: 'tu', tuesday: 'tu', tu: 'tu',
  wed: 'we', wednesday: 'we', we: 'we',
  thu: 'th', thur: 'th', thurs: 'th', thursday: 'th', th: 'th',
  fri: 'fr', friday: 'fr', fr: 'fr',
  sat: 'sa', saturday: 'sa', sa: 'sa',
  sun: 'su', sunday: 'su', su: 'su',
};

/** CSV "days" cell: "Mon;Wed", "monday, friday", "Mon-Fri" or "daily". Returns undefined for a word it can't read. */
export function parseDayList(cell: string): { days: Weekday[] } | { bad: string } {
  const days = new Set<Weekday>();
  for (const raw of cell.split(/[;,/]+/).map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (raw === 'daily' || raw === 'every day') {
      WEEKDAYS.forEach((d) => days.add(d));
      continue;
    }
    const range = raw.split(/\s*(?:-|–|to)\s*/);
    const from = DAY_WORDS[range[0] ?? ''];
    const to = range.length === 2 ? DAY_WORDS[range[1] ?? ''] : from;
    if (!from || !to || range.length > 2) return { bad: raw };
    const a = WEEKDAYS.indexOf(from);
    const b = WEEKDAYS.indexOf(to);
    for (let i = a; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (i === b) break;
    }
  }
  return { days: WEEKDAYS.filter((d) => days.has(d)) };
}

/** ORUK 1.0 `weekday` is an integer; we read it as ISO 8601 (1 = Monday … 7 = Sunday), as LGA feeds do. */
export function weekdayFromNumber(n: number): Weekday | undefined {
  return Number.isInteger(n) && n >= 1 && n <= 7 ? WEEKDAYS[n - 1] : undefined;
}

/** "10:00:00", "10:00Z", "9:30" → "10:00" / "09:30"; anything else → undefined. */
export function toClockTime(value: string | undefined): string | undefined {
  const m = value?.trim().match(/^(\d{1,2})[:.](\d{2})/);
  if (!m) return undefined;
  const hh = Number(m[1]);
  return hh <= 23 && Number(m[2]) <= 59 ? `${String(hh).padStart(2, '0')}:${m[2]}` : undefined;
}

export function toFrequency(freq: string | undefined, interval: number | undefined): Frequency | undefined {
  switch (freq?.trim().toUpperCase()) {
    case 'DAILY':
      return 'daily';
    case 'WEEKLY':
      return interval === 2 ? 'fortnightly' : interval && interval > 2 ? 'occasional' : 'weekly';
    case 'MONTHLY':
      return 'monthly';
    default:
      return undefined;
  }
}
