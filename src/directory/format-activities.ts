import { WEEKDAYS, type Entry, type Schedule, type Weekday } from './model.js';
import type { SearchHit } from './search.js';
import { normaliseGsm7 } from '../channels/gsm7.js';
import { countSmsSegments } from '../channels/sms-segments.js';

/** A list of three should cost at most two SMS. */
const MAX_SEGMENTS = 2;

/** Resolves `activities.*` keys from content (the content module's translator fits). */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ListOptions {
  t: Translate;
  /** More results exist: the reply line offers MORE. */
  more: boolean;
  /** The search widened to this many miles (adds a line saying so). */
  widenedTo?: number;
  /** These are online/phone options because nothing was nearby. */
  remote?: boolean;
  /** A first line of the caller's (e.g. "sample data"), counted in the two-segment budget. */
  header?: string;
  /** The resident's place is known only to its district or town: distances read "about 2 mi". */
  approximate?: boolean;
}

/** Field lengths tried in turn until the list fits two SMS segments. */
const SHRINK_LEVELS = [
  { name: 60, where: 40, cost: 24 },
  { name: 40, where: 28, cost: 14 },
  { name: 30, where: 22, cost: 10 },
  { name: 24, where: 16, cost: 8 },
  { name: 18, where: 12, cost: 6 },
];

/** Up to three results, numbered, within two SMS (306 GSM-7 characters) including the reply line. */
export function formatActivityList(hits: readonly SearchHit[], options: ListOptions): string {
  const { t } = options;
  const why = options.remote
    ? t('activities.list.remote')
    : options.widenedTo !== undefined
      ? t('activities.list.widened', { miles: options.widenedTo })
      : '';
  const header = [options.header, why].filter(Boolean).join('\n');
  const last = hits.length;
  const footer =
    last === 1 && !options.more
      ? t('activities.list.footer_one')
      : t(options.more ? 'activities.list.footer_more' : 'activities.list.footer', { last });
  // Typographic look-alikes from feeds are folded so English stays GSM-7; real letters (Polish, accents) are kept.
  const parts = (items: string[]) => normaliseGsm7([header, ...items, footer].filter(Boolean).join('\n'));
  const fits = (text: string) => countSmsSegments(text).segments <= MAX_SEGMENTS;

  let text = '';
  for (const level of SHRINK_LEVELS) {
    text = parts(hits.map((hit, i) => formatListItem(hit, i + 1, level, t, options.approximate ?? false)));
    if (fits(text)) return text;
  }
  // Text that needs UCS-2 (Polish letters, emoji in a name) can't fit two SMS with three readable items;
  // better three more segments than names cut to nothing.
  if (countSmsSegments(text).encoding === 'UCS-2') return text;
  // Last resort for very long words: cut each item to an equal share of what is left.
  const budget = MAX_SEGMENTS * 153;
  const share = Math.floor((budget - countSmsSegments(parts([])).characters) / Math.max(hits.length, 1)) - 1;
  const smallest = SHRINK_LEVELS.at(-1)!;
  return parts(hits.map((hit, i) => truncate(formatListItem(hit, i + 1, smallest, t, options.approximate ?? false), share)));
}

function formatListItem(hit: SearchHit, n: number, max: { name: number; where: number; cost: number }, t: Translate, approximate: boolean): string {
  return t('activities.list.item', {
    n,
    name: truncate(hit.entry.name, max.name),
    where: formatWhereShort(hit, max.where, t, approximate),
    when: formatWhen(hit.entry.schedule, 'short', t),
    cost: formatCost(hit.entry, max.cost, t),
  });
}

function formatWhereShort(hit: SearchHit, max: number, t: Translate, approximate: boolean): string {
  const { location } = hit;
  switch (location.mode) {
    case 'online':
      return t('activities.where.online');
    case 'by_phone':
      return t('activities.where.by_phone');
    case 'area_wide':
      return t(location.venueNotListed ? 'activities.where.venue_not_listed' : 'activities.where.area_wide');
    case 'in_person': {
      const place = truncate(location.venue ?? location.town ?? location.postcode ?? '', max);
      if (hit.distanceMiles === null) return place;
      const about = approximate || location.approximate === true;
      // A district's centre is no closer than a mile or so to anyone: approximate distances are whole miles, at least 1.
      const distance = about
        ? t('activities.where.distance_about', { miles: Math.max(1, Math.round(hit.distanceMiles)) })
        : t('activities.where.distance', { miles: formatMiles(hit.distanceMiles) });
      return t('activities.where.place_distance', { place, distance });
    }
  }
}

/** One decimal under 10 miles ("0.4"), whole miles beyond. */
export function formatMiles(miles: number): string {
  return miles < 10 ? miles.toFixed(1) : String(Math.round(miles));
}

function formatCost(entry: Entry, max: number, t: Translate): string {
  if (!entry.cost) return t('activities.cost.ask');
  return entry.cost.free ? t('activities.cost.free') : t('activities.cost.paid', { description: truncate(entry.cost.description, max) });
}

export function formatWhen(schedule: Schedule, style: 'short' | 'long', t: Translate): string {
  // Several sessions at different times: each with its own days and times in the details.
  if (style === 'long' && schedule.sessions && schedule.sessions.length > 1) {
    return schedule.sessions.map((session) => formatWhen({ ...session }, 'long', t)).join(t('activities.details.sessions_join'));
  }
  const days = formatDays(schedule.days, style, t);
  let when: string;
  if (days && schedule.start && schedule.end) when = t('activities.when.days_range', { days, start: schedule.start, end: schedule.end });
  else if (days && schedule.start) when = t('activities.when.days_start', { days, start: schedule.start });
  else if (days) when = t('activities.when.days_only', { days });
  else if (schedule.start) when = t('activities.when.start_only', { start: schedule.start });
  else return t('activities.when.ask');
  const { frequency } = schedule;
  if (frequency && frequency !== 'weekly' && !(frequency === 'daily' && schedule.days.length === 7)) {
    return t('activities.when.with_frequency', { when, frequency: t(`activities.frequency.${frequency}`) });
  }
  return when;
}

/** "Mon-Fri", "Mon/Wed", "Every day"; in long style "Monday and Wednesday". */
function formatDays(days: readonly Weekday[], style: 'short' | 'long', t: Translate): string {
  if (days.length === 0) return '';
  if (days.length === 7) return t('activities.days.every_day');
  const name = (d: Weekday) => t(`activities.days.${style}.${d}`);
  const positions = days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
  const consecutive = positions.every((p, i) => i === 0 || p === positions[i - 1]! + 1);
  if (days.length >= 3 && consecutive) {
    return t('activities.days.range', { from: name(WEEKDAYS[positions[0]!]!), to: name(WEEKDAYS[positions.at(-1)!]!) });
  }
  const names = positions.map((p) => name(WEEKDAYS[p]!));
  if (style === 'short') return names.join(t('activities.days.short_join'));
  return names.length === 1
    ? names[0]!
    : `${names.slice(0, -1).join(t('activities.days.long_join'))}${t('activities.days.long_last_join')}${names.at(-1)}`;
}

export interface DetailsOptions {
  t: Translate;
  /** A community transport entry near the resident (see findCommunityTransport), for a "need a lift?" line. */
  transport?: Entry;
}

/** Everything about one result: what, where, how to get there, when, cost, contact, and a sample-data note. */
export function formatActivityDetails(hit: SearchHit, options: DetailsOptions): string {
  const { t } = options;
  const { entry, location } = hit;
  const lines: string[] = [t('activities.details.title', { name: entry.name })];
  if (entry.description) lines.push(truncate(entry.description, 320));

  switch (location.mode) {
    case 'in_person': {
      const place = [location.venue, location.town].filter(Boolean).join(', ');
      if (place) lines.push(t('activities.details.where', { place }));
      const address = [location.address, location.venue ? undefined : location.town, location.postcode].filter(Boolean).join(', ');
      if (address) lines.push(t('activities.details.getting_there', { address }));
      const lift = options.transport && contactOf(options.transport, t);
      if (lift && options.transport!.id !== entry.id) {
        lines.push(t('activities.details.transport', { name: options.transport!.name, contact: lift }));
      }
      break;
    }
    case 'online':
      lines.push(t('activities.details.online'));
      break;
    case 'by_phone':
      lines.push(t('activities.details.by_phone'));
      break;
    case 'area_wide':
      if (location.venueNotListed) lines.push(t('activities.details.venue_not_listed'));
      else lines.push(location.area ? t('activities.details.area_wide_named', { area: location.area }) : t('activities.details.area_wide'));
      break;
  }

  const when = t('activities.details.when', { when: formatWhen(entry.schedule, 'long', t) });
  lines.push(entry.schedule.notes ? `${when} ${t('activities.details.notes', { notes: entry.schedule.notes })}` : when);
  const { validFrom: from, validTo: to } = entry.schedule;
  if (from && to) lines.push(t('activities.details.dates', { from, to }));
  else if (from) lines.push(t('activities.details.dates_from', { from }));
  else if (to) lines.push(t('activities.details.dates_to', { to }));
  lines.push(t('activities.details.cost', { cost: formatCost(entry, 120, t) }));

  const { minAge, maxAge } = entry.eligibility;
  if (minAge !== undefined && maxAge !== undefined) lines.push(t('activities.details.ages', { min: minAge, max: maxAge }));
  else if (minAge !== undefined) lines.push(t('activities.details.ages_min', { min: minAge }));
  else if (maxAge !== undefined) lines.push(t('activities.details.ages_max', { max: maxAge }));
  if (entry.eligibility.notes) lines.push(t('activities.details.eligibility', { notes: truncate(entry.eligibility.notes, 160) }));
  if (entry.accessibility.stepFree) lines.push(t('activities.details.step_free'));
  if (entry.accessibility.notes) lines.push(t('activities.details.access_notes', { notes: entry.accessibility.notes }));

  const contact = contactOf(entry, t);
  if (contact) lines.push(t('activities.details.contact', { contact }));
  if (entry.lastReviewed) lines.push(t('activities.details.checked', { date: entry.lastReviewed }));
  if (entry.sample) lines.push(t('activities.details.sample'));
  return normaliseGsm7(lines.filter(Boolean).join('\n'));
}

function contactOf(entry: Entry, t: Translate): string {
  const { phone, email, web } = entry.contact;
  return [phone, email, web].filter(Boolean).join(t('activities.details.contact_join'));
}

/** Shorten at a word boundary ("Scunthorpe Bowls..."), never mid-word; one very long word is cut as a last resort. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(max - 3, 1);
  const cut = text.slice(0, room + 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > 0 ? cut.slice(0, space) : text.slice(0, room);
  return `${kept.replace(/[\s,;:.\-–(]+$/, '')}...`;
}
