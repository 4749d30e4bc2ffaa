import type { z } from 'zod';
import type { FieldNote } from './clean-fields.js';
import type { Classification } from './kind-mapping.js';
import { entrySchema, type Entry, type EntryInput, type Location } from './model.js';

/** Why one row or record was left out: `at` is "row 7" (CSV) or "record abc-123" (feeds). */
export interface ImportIssue {
  at: string;
  field: string;
  reason: string;
  /** The service's name, when it has one, so officers can find it without reading ids. */
  name?: string;
}

/** A converted row/record: either shaped like an entry (still to be validated) or already known to be bad. */
export type Candidate =
  | { at: string; name?: string; input: EntryInput; notes: FieldNote[]; classifiedBy?: Classification['by'] }
  | { at: string; name?: string; issues: ImportIssue[] };

/** What happened to one service, for the summary and `--report`. */
export interface ServiceOutcome {
  at: string;
  id?: string;
  name?: string;
  status: 'imported' | 'skipped';
  kinds: string[];
  classifiedBy?: Classification['by'];
  notes: FieldNote[];
  /** Why it was skipped. */
  issues: ImportIssue[];
}

export function formatImportIssue(issue: ImportIssue): string {
  return `${issue.at}${issue.name ? ` (${issue.name})` : ''}: ${issue.field}: ${issue.reason}`;
}

/** Fields a service can do without: a bad one is dropped with a note, never the service. */
const REQUIRED_FIELDS = new Set(['id', 'name', 'kinds', 'sample']);
const MAX_PASSES = 4;

/**
 * Validate every candidate, dropping bad optional fields one by one (each dropped field becomes a note).
 * A candidate is skipped only when a required field is bad or nothing says where it is offered.
 * Duplicates of an id already accepted are skipped too (first one wins).
 */
export function validateCandidates(
  candidates: readonly Candidate[],
  /** Where a service is offered when its only venue had to be dropped (the council's area). */
  fallback: Location = { mode: 'area_wide', venueNotListed: true },
): { entries: Entry[]; outcomes: ServiceOutcome[] } {
  const entries: Entry[] = [];
  const outcomes: ServiceOutcome[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const base = { at: candidate.at, ...(candidate.name ? { name: candidate.name } : {}) };
    if ('issues' in candidate) {
      outcomes.push({ ...base, status: 'skipped', kinds: [], notes: [], issues: candidate.issues.map((i) => ({ ...base, ...i })) });
      continue;
    }
    const notes = [...candidate.notes];
    const validated = validateLeniently(candidate.input, notes, fallback);
    const id = typeof candidate.input.id === 'string' ? candidate.input.id : undefined;
    const outcome = { ...base, ...(id ? { id } : {}), notes, ...(candidate.classifiedBy ? { classifiedBy: candidate.classifiedBy } : {}) };
    if ('error' in validated) {
      outcomes.push({ ...outcome, status: 'skipped', kinds: [], issues: describeZodIssues(candidate.at, validated.error).map((i) => ({ ...i, ...base })) });
      continue;
    }
    const entry = validated.entry;
    if (seen.has(entry.id)) {
      const issue = { ...base, field: 'id', reason: `'${entry.id}' is already used by an earlier row` };
      outcomes.push({ ...outcome, status: 'skipped', kinds: [], issues: [issue] });
      continue;
    }
    seen.add(entry.id);
    entries.push(entry);
    outcomes.push({ ...outcome, status: 'imported', kinds: entry.kinds, issues: [] });
  }
  return { entries, outcomes };
}

function validateLeniently(input: EntryInput, notes: FieldNote[], fallback: Location): { entry: Entry } | { error: z.ZodError } {
  let current: EntryInput = input;
  for (let pass = 0; ; pass++) {
    const parsed = entrySchema.safeParse(current);
    if (parsed.success) return { entry: parsed.data };
    const droppable = parsed.error.issues.filter(
      (i) => i.path.length > 0 && !REQUIRED_FIELDS.has(String(i.path[0])) && !(i.path[0] === 'locations' && i.path.length === 1),
    );
    if (pass === MAX_PASSES || droppable.length !== parsed.error.issues.length) return { error: parsed.error };
    current = structuredClone(current);
    for (const issue of droppable) dropField(current, issue, notes);
    if (input.locations?.length && current.locations?.length === 0) current.locations = [fallback];
  }
}

/** Remove the field an issue names; a venue nobody could find (no coordinates, town or postcode) goes entirely. */
function dropField(input: EntryInput, issue: z.core.$ZodIssue, notes: FieldNote[]): void {
  const path = issue.path.map(String);
  const field = path.filter((p) => !/^\d+$/.test(p)).join('.');
  const parent = path.slice(0, -1).reduce<Record<string, unknown> | undefined>((o, k) => o?.[k] as Record<string, unknown> | undefined, input as never);
  const key = path.at(-1)!;
  if (!parent) return;
  if (path[0] === 'locations' && path.length === 3 && !['latitude', 'longitude', 'postcode', 'covers'].includes(key)) {
    const locations = input.locations as unknown[];
    const index = Number(path[1]);
    if (locations[index] === undefined) return;
    notes.push({ field: 'locations', value: describe(locations[index]), reason: issue.message, fix: 'give the venue a postcode or town', outcome: 'dropped' });
    locations[index] = undefined;
    input.locations = locations.filter((l) => l !== undefined) as EntryInput['locations'];
    return;
  }
  if (key === 'latitude' || key === 'longitude') {
    // Coordinates only make sense as a pair.
    notes.push({ field: 'coordinates', value: `${parent.latitude ?? ''},${parent.longitude ?? ''}`, reason: issue.message, fix: 'give both, or the postcode alone', outcome: 'dropped' });
    delete parent.latitude;
    delete parent.longitude;
    return;
  }
  const value = parent[key];
  if (value === undefined) return;
  notes.push({ field, value: describe(value), reason: issue.message, fix: 'correct it at the source', outcome: 'dropped' });
  delete parent[key];
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function describeZodIssues(at: string, error: z.ZodError): ImportIssue[] {
  return error.issues.map((issue) => ({
    at,
    field: issue.path.filter((p) => typeof p !== 'number' || issue.path.length === 1).join('.') || 'record',
    reason: issue.message,
  }));
}
