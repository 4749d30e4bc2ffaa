import { toPlainText } from './plain-text.js';
import type { Candidate, ImportIssue } from './import-issue.js';
import { mapTermsToKinds, type KindMapping } from './kind-mapping.js';
import type { EntryInput, Location, Schedule, Weekday } from './model.js';
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
  /** ORUK 1.0 service-level "phone" | "online" | "venue" | "home visit". */
  attendingType?: string;
  /** Each taxonomy term with every label it carries (name, code, id); `label` is what the report shows. */
  terms: { label: string; aliases: string[] }[];
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
  }[];
  costs: { option?: string; amount?: number; description?: string }[];
  phones: string[];
}

export interface ConvertOptions {
  mapping: KindMapping;
  /** Mark every entry as sample data (demo feeds, test fixtures). */
  sample: boolean;
}

/** One ORUK service → an entry to validate, or the reasons it can't be one. */
export function convertOrukService(service: OrukService, options: ConvertOptions): Candidate {
  const at = `record ${service.id}`;
  const issues: ImportIssue[] = [];
  if (service.status && service.status.toLowerCase() !== 'active') {
    issues.push({ at, field: 'status', reason: `service is '${service.status}', not active` });
  }
  const kinds = new Set<string>();
  const unknown: string[] = [];
  for (const term of service.terms) {
    const mapped = mapTermsToKinds(options.mapping, term.aliases).kinds;
    mapped.forEach((k) => kinds.add(k));
    if (mapped.length === 0) unknown.push(term.label);
  }
  if (kinds.size === 0) {
    const terms = unknown.length ? `its terms (${unknown.join(', ')}) are` : 'it has no taxonomy terms, so it is';
    issues.push({ at, field: 'kinds', reason: `${terms} not in kind-mapping.yaml` });
  }
  if (issues.length) return { at, issues };

  const input: EntryInput = {
    id: service.id,
    name: toPlainText(service.name ?? ''),
    description: toPlainText(service.description ?? ''),
    organisation: blankToUndefined(service.organisation && toPlainText(service.organisation)),
    kinds: [...kinds] as EntryInput['kinds'],
    locations: toLocations(service),
    schedule: toSchedule(service),
    cost: toCost(service),
    eligibility: { minAge: service.minAge, maxAge: service.maxAge, audiences: [] },
    accessibility: toAccessibility(service),
    contact: {
      phone: blankToUndefined(service.phones[0]),
      email: blankToUndefined(service.email),
      web: blankToUndefined(service.url),
    },
    lastReviewed: service.reviewed?.slice(0, 10) || undefined,
    sample: options.sample,
  };
  return { at, input };
}

function toLocations(service: OrukService): Location[] {
  const locations: Location[] = [];
  for (const l of service.locations) {
    if (l.virtual) {
      locations.push({ mode: 'online' });
      continue;
    }
    const hasPoint = l.latitude !== undefined && l.longitude !== undefined;
    locations.push({
      mode: 'in_person',
      venue: blankToUndefined(l.name),
      address: blankToUndefined(l.address),
      town: blankToUndefined(l.city),
      postcode: l.postcode ? (parsePostcode(l.postcode)?.formatted ?? l.postcode) : undefined,
      ...(hasPoint ? { latitude: l.latitude, longitude: l.longitude } : {}),
    });
  }
  const attending = service.attendingType?.toLowerCase() ?? '';
  if (attending.includes('online')) locations.push({ mode: 'online' });
  if (attending.includes('phone')) locations.push({ mode: 'by_phone' });
  if (attending.includes('home') || (locations.length === 0 && service.areas.length > 0)) {
    locations.push({ mode: 'area_wide', area: blankToUndefined(service.areas[0]) });
  }
  return dedupeRemoteModes(locations);
}

function dedupeRemoteModes(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => l.mode === 'in_person' || (!seen.has(l.mode) && seen.add(l.mode)));
}

function toSchedule(service: OrukService): Schedule {
  const days = new Set<Weekday>();
  for (const s of service.schedules) {
    if (s.byday) parseByDay(s.byday).forEach((d) => days.add(d));
    if (s.weekday) days.add(s.weekday);
  }
  const first = service.schedules[0];
  return {
    days: [...days],
    start: toClockTime(first?.opensAt),
    end: toClockTime(first?.closesAt),
    frequency: toFrequency(first?.freq, first?.interval),
    notes: blankToUndefined(first?.description ? toPlainText(first.description) : undefined),
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
  const fees = service.fees ? toPlainText(service.fees) : '';
  if (!fees) return undefined;
  return /^(free|no charge|none|£?0(\.00)?)\b/i.test(fees) ? { free: true } : { free: false, description: fees };
}

function formatAmount(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
}

/** Step-free only when a location says so plainly; anything hedged stays a note. */
function toAccessibility(service: OrukService): EntryInput['accessibility'] {
  const notes = service.locations.flatMap((l) => l.accessibility).map(toPlainText).filter(Boolean);
  const text = notes.join(' ');
  const stepFree = /step[- ]free|level access|wheelchair access/i.test(text) && !/\b(no|not|limited)\b/i.test(text);
  return { stepFree: stepFree || undefined, notes: notes.length ? notes.join(' ') : undefined };
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
