import { z } from 'zod';

const ZONE = 'Europe/London';
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');

/** When follow-ups may be sent, UK time: from `from` until `until` on the same day (quiet hours are the rest). */
export const sendingHoursSchema = z
  .object({ from: clockTime, until: clockTime })
  .refine((h) => minutesOf(h.from) < minutesOf(h.until), 'the start must be before the end, on the same day');
export type SendingHours = z.infer<typeof sendingHoursSchema>;

export const DEFAULT_SENDING_HOURS: SendingHours = { from: '09:00', until: '20:00' };

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/**
 * The first moment at or after `at` inside the sending hours, UK time, so clock changes (BST/GMT) are
 * honoured: 09:00 is 08:00 UTC in summer and 09:00 UTC in winter.
 */
export function nextSendingTime(at: number, hours: SendingHours = DEFAULT_SENDING_HOURS): number {
  const local = partsOf(at);
  const minutes = local.hour * 60 + local.minute;
  if (minutes >= minutesOf(hours.from) && minutes < minutesOf(hours.until)) return at;
  // Before the start: today's start; after the end: tomorrow's (the calendar day, whatever its length).
  const day = minutes < minutesOf(hours.from) ? local : partsOf(Date.UTC(local.year, local.month - 1, local.day + 1, 12));
  return londonToUtc(day.year, day.month, day.day, minutesOf(hours.from));
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

function partsOf(at: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** The UTC instant of a UK wall-clock time (sending hours never fall in the 01:00-02:00 change hour). */
function londonToUtc(year: number, month: number, day: number, minutes: number): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const seen = partsOf(guess);
  const offset = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute) - guess;
  return guess - offset;
}
