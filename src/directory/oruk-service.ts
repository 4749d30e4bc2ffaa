import { cleanAge, cleanEmail, cleanPhone, cleanText, cleanUrl, drop, findLabelledPhone, type FieldNote } from './clean-fields.js';
import type { Candidate, ImportIssue } from './import-issue.js';
import { classifyService, type KindMapping } from './kind-mapping.js';
import { isInUk } from './geo-data.js';
import { type EntryInput, type Location, type Schedule, type Session, type Weekday } from './model.js';
import { parsePostcode } from './postcode.js';
import { parseByDay, toClockTime, toFrequency } from './schedule-fields.js';

/** The parts of an ORUK 1.0 or 3.0 service we use, after each version's field names are read. */
export interface OrukService {
  id: string;
  name?: string;
  description?: string;
  organisation?: string;
  status?: string;
  url?: string;
  email?: string;
  fees?: string;
  reviewed?: string;
  minAge?: number;
  maxAge?: number;
  /** The provider's words on who may come (ORUK 1.0 `eligibilitys[].eligibility`, 3.0 `eligibility_description`). */
  eligibility?: string;
  /** ORUK 1.0 service-level "phone" | "online" | "venue" | "home visit". */
  attendingType?: string;
  /** Each taxonomy term with every label it carries (name, code, id); the first is what the report shows. */
  terms: string[][];
  /** ORUK 1.0 `pc_targetAudience[].audienceType` ("Carers", "Older People"). */
  targetAudiences: string[];
  locations: {
    virtual: boolean;
    name?: string;
    latitude?: number;
    longitude?: number;
    address?: string;
    city?: string;
    postcode?: string;
    accessibility: string[];
  }[];
  areas: string[];
  schedules: {
    byday?: string;
    weekday?: Weekday;
    opensAt?: string;
    closesAt?: string;
    freq?: string;
    interval?: number;
    description?: string;
    validFrom?: string;
    validTo?: string;
  }[];
  costs: { option?: string; amount?: number; description?: string }[];
  phones: string[];
}

export interface ConvertOptions {
  mapping: KindMapping;
  /** Mark every entry as sample data (demo feeds, test fixtures). */
  sample: boolean;
  /** Postcode areas or districts the council covers: where services without a venue are offered. */
  councilArea?: readonly string[];
}

/** One ORUK service → an entry to validate (with notes on what was cleaned), or the reasons it can't be one. */
export function convertOrukService(service: OrukService, options: ConvertOptions): Candidate {
  const at = `record ${service.id}`;
  const notes: FieldNote[] = [];
  const take = <T>(cleaned: { value?: T; notes: FieldNote[] }): T | undefined => {
    notes.push(...cleaned.notes);
    return cleaned.value;
  };
  const name = take(cleanText('name', service.name));
  const issues: ImportIssue[] = [];
  if (service.status && service.status.trim().toLowerCase() !== 'active') {
    issues.push({ at, field: 'status', reason: `service is '${service.status}', not active` });
  }
  if (!name) issues.push({ at, field: 'name', reason: 'the service has no name' });
  if (issues.length) return { at, ...(name ? { name } : {}), issues };

  const description = take(cleanText('description', service.description)) ?? '';
  const classification = classifyService(options.mapping, {
    name: name!,
    description,
    terms: service.terms,
    targetAudiences: service.targetAudiences,
  });
  if (classification.unknownTerms.length && classification.by !== 'taxonomy') {
    notes.push({
      field: 'taxonomy',
      value: classification.unknownTerms.join(', '),
      reason: 'taxonomy terms not in kind-mapping.yaml; kinds read from the name and description',
      fix: 'add the terms under `kinds` in content/directory/kind-mapping.yaml',
      outcome: 'info',
    });
  }
  if (classification.by === 'general') {
    notes.push({
      field: 'kinds',
      value: '',
      reason: 'fits no kind, so listed as general community support',
      fix: 'add a word from its name under `keywords` in content/directory/kind-mapping.yaml',
      outcome: 'info',
    });
  }

  let phone = service.phones.map((p) => take(cleanPhone('phone', p))).find(Boolean);
  if (!phone && service.description) {
    phone = findLabelledPhone(service.description);
    if (phone) notes.push({ field: 'phone', value: phone, reason: 'phone number taken from the description', fix: 'add it as a contact phone', outcome: 'info' });
  }
  const minAge = take(cleanAge('minimum_age', service.minAge));
  const maxAge = take(cleanAge('maximum_age', service.maxAge));
  const eligibility = take(cleanText('eligibility', service.eligibility));

  const input: EntryInput = {
    id: service.id,
    name: name!,
    description,
    organisation: take(cleanText('organization.name', service.organisation)),
    kinds: classification.kinds,
    locations: toLocations(service, description, options, notes),
    schedule: toSchedule(service, notes),
    cost: toCost(service),
    eligibility: {
      // 0 as an upper bound is a feed's "not set", never "babies only".
      ...(minAge ? { minAge } : {}),
      ...(maxAge ? { maxAge } : {}),
      audiences: classification.audiences,
      ...(eligibility ? { notes: eligibility } : {}),
    },
    accessibility: toAccessibility(service),
    contact: {
      phone,
      email: take(cleanEmail('email', service.email)),
      web: take(cleanUrl('url', service.url)),
    },
    lastReviewed: toDate(service.reviewed),
    sample: options.sample,
  };
  return { at, name: name!, input, notes, classifiedBy: classification.by };
}

function toLocations(service: OrukService, description: string, options: ConvertOptions, notes: FieldNote[]): Location[] {
  const locations: Location[] = [];
  for (const l of service.locations) {
    if (l.virtual) {
      locations.push({ mode: 'online' });
      continue;
    }
    let point = l.latitude !== undefined && l.longitude !== undefined ? { latitude: l.latitude, longitude: l.longitude } : undefined;
    if (point && !isInUk(point)) {
      notes.push(drop('location.coordinates', `${point.latitude},${point.longitude}`, 'coordinates outside the UK (or 0,0)', 'give the venue real coordinates, or just its postcode'));
      point = undefined;
    }
    const postcode = l.postcode?.trim() ? parsePostcode(l.postcode) : undefined;
    if (l.postcode?.trim() && !postcode) {
      notes.push(drop('location.postcode', l.postcode, 'not a UK postcode', 'give a full postcode such as DN15 6NL'));
    }
    const venue = { venue: blank(l.name), address: blank(l.address), town: blank(l.city), postcode: postcode?.formatted };
    if (!point && !venue.town && !venue.postcode) {
      if (venue.venue || venue.address) {
        notes.push(drop('location', [venue.venue, venue.address].filter(Boolean).join(', '), 'venue has no postcode, town or coordinates', 'give the venue a postcode'));
      }
      continue;
    }
    locations.push({ mode: 'in_person', ...venue, ...(point ?? {}) });
  }
  const attending = service.attendingType?.toLowerCase() ?? '';
  const postcode = locations.length === 0 && !/phone|online/.test(attending) ? onlyPostcodeIn(description) : undefined;
  if (postcode) {
    // List endpoints carry no locations, but a description naming exactly one postcode names the venue.
    locations.push({ mode: 'in_person', postcode });
    notes.push({ field: 'locations', value: postcode, reason: 'venue placed by the one postcode in its description', fix: 'add a location with this postcode', outcome: 'info' });
  }
  const covers = options.councilArea?.length ? { covers: [...options.councilArea] } : {};
  // With no venue, a phone or online service is the council's own: offered locally too, inside its area.
  const remoteCovers = locations.length === 0 ? covers : {};
  if (attending.includes('online')) locations.push({ mode: 'online', ...remoteCovers });
  if (attending.includes('phone')) locations.push({ mode: 'by_phone', ...remoteCovers });
  if (attending.includes('home') || (locations.length === 0 && service.areas.length > 0)) {
    locations.push({ mode: 'area_wide', ...(service.areas[0] ? { area: service.areas[0].trim() } : {}), ...covers });
  }
  if (locations.length === 0) {
    // No venue in the feed (list endpoints carry none): offered across the council's area, with "contact them".
    locations.push({ mode: 'area_wide', venueNotListed: true, ...covers });
    notes.push({ field: 'locations', value: '', reason: 'no venue given, so offered across the council area', fix: 'add a location with a postcode', outcome: 'info' });
  }
  return dedupeRemoteModes(locations);
}

function onlyPostcodeIn(text: string): string | undefined {
  const found = new Set<string>();
  for (const match of text.matchAll(/\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g)) {
    const postcode = parsePostcode(match[0]);
    if (postcode?.kind === 'unit') found.add(postcode.formatted);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function dedupeRemoteModes(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => l.mode === 'in_person' || (!seen.has(l.mode) && seen.add(l.mode)));
}

/** Each schedule row is a session with its own days and times; the entry keeps them all. */
function toSchedule(service: OrukService, notes: FieldNote[]): Schedule {
  const sessions: Session[] = [];
  for (const s of service.schedules) {
    const days = new Set<Weekday>(s.byday ? parseByDay(s.byday) : []);
    if (s.weekday) days.add(s.weekday);
    const start = toClockTime(s.opensAt);
    const end = toClockTime(s.closesAt);
    if (s.opensAt && !start) notes.push(drop('schedule.opens_at', s.opensAt, 'not a time', 'use 24-hour HH:MM'));
    const session: Session = { days: [...days], ...(start ? { start } : {}), ...(end ? { end } : {}) };
    const frequency = toFrequency(s.freq, s.interval);
    if (frequency) session.frequency = frequency;
    if (!sessions.some((x) => JSON.stringify(x) === JSON.stringify(session))) sessions.push(session);
  }
  const first = sessions[0];
  const days = [...new Set(sessions.flatMap((s) => s.days))];
  const description = service.schedules.map((s) => s.description).find(Boolean);
  let from = service.schedules.map((s) => toDate(s.validFrom)).filter(Boolean).sort()[0];
  let to = service.schedules.map((s) => toDate(s.validTo)).filter(Boolean).sort().at(-1);
  if (from && to && to <= from) {
    // Equal dates are a feed's placeholder (the ORUK example has them), not a one-day service.
    notes.push({ field: 'schedule.valid_to', value: `${from} to ${to}`, reason: 'valid_from and valid_to leave no time between them; both ignored', fix: 'give the real dates, or leave them out', outcome: 'info' });
    from = to = undefined;
  }
  return {
    days,
    ...(first?.start ? { start: first.start } : {}),
    ...(first?.end ? { end: first.end } : {}),
    ...(first?.frequency ? { frequency: first.frequency } : {}),
    ...(sessions.length > 1 ? { sessions } : {}),
    ...(description ? { notes: cleanText('schedule.description', description).value } : {}),
    ...(from ? { validFrom: from } : {}),
    ...(to ? { validTo: to } : {}),
  };
}

function toCost(service: OrukService): EntryInput['cost'] {
  const priced = service.costs.filter((c) => c.amount !== undefined && c.amount > 0);
  if (priced.length) {
    const description = priced
      .map((c) => [`£${formatAmount(c.amount!)}`, c.description, c.option && `(${c.option})`].filter(Boolean).join(' '))
      .join('; ');
    return { free: false, description };
  }
  if (service.costs.length && service.costs.every((c) => c.amount === 0)) return { free: true };
  const fees = cleanText('fees', service.fees).value ?? '';
  if (!fees) return undefined;
  return /^(free|no charge|none|£?0(\.00)?)\b/i.test(fees) ? { free: true } : { free: false, description: fees };
}

function formatAmount(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
}

/** Step-free only when a location says so plainly; anything hedged stays a note. */
function toAccessibility(service: OrukService): EntryInput['accessibility'] {
  const notes = service.locations.flatMap((l) => l.accessibility).map((a) => cleanText('accessibility', a).value ?? '').filter(Boolean);
  const text = notes.join(' ');
  const stepFree = /step[- ]free|level access|wheelchair access/i.test(text) && !/\b(no|not|limited)\b/i.test(text);
  return { stepFree: stepFree || undefined, notes: notes.length ? notes.join(' ') : undefined };
}

/** "2024-12-10", "2024-12-10T09:00:00Z" → "2024-12-10"; anything else → undefined. */
function toDate(value: string | undefined): string | undefined {
  const date = value?.trim().slice(0, 10);
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

function blank(value: string | undefined): string | undefined {
  const trimmed = value ? cleanText('location', value).value : undefined;
  return trimmed ? trimmed : undefined;
}
