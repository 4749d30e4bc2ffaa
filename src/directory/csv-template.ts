import { parse } from 'csv-parse/sync';
import { suggest } from '../authoring/author-issue.js';
import type { Candidate, ImportIssue } from './import-issue.js';
import { mapTermsToKinds, type KindMapping } from './kind-mapping.js';
import { AUDIENCES, FREQUENCIES, type Audience, type EntryInput, type Location } from './model.js';
import { parsePostcode } from './postcode.js';
import { parseDayList } from './schedule-fields.js';

/** Column order of content/directory/template.csv; docs/directory.md describes each. */
export const CSV_COLUMNS = [
  'id',
  'name',
  'description',
  'organisation',
  'kinds',
  'mode',
  'venue',
  'address',
  'town',
  'postcode',
  'latitude',
  'longitude',
  'area',
  'days',
  'start_time',
  'end_time',
  'frequency',
  'schedule_notes',
  'cost',
  'min_age',
  'max_age',
  'audiences',
  'step_free',
  'accessibility_notes',
  'phone',
  'email',
  'website',
  'last_reviewed',
  'sample',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['id', 'name', 'kinds'];

const MODES: Record<string, Location['mode']> = {
  in_person: 'in_person',
  'in person': 'in_person',
  venue: 'in_person',
  online: 'online',
  by_phone: 'by_phone',
  'by phone': 'by_phone',
  phone: 'by_phone',
  area_wide: 'area_wide',
  'area-wide': 'area_wide',
  'area wide': 'area_wide',
};

export type CsvResult = { fatal: string } | { candidates: Candidate[]; warnings: string[] };

/** Parse the CSV template. UTF-8 with or without BOM; blank lines skipped; rows numbered as a spreadsheet shows them. */
export function readCsvTemplate(text: string, mapping: KindMapping): CsvResult {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    return { fatal: `the file is not readable CSV: ${(error as Error).message}` };
  }
  const header = rows[0] ? Object.keys(rows[0].record) : headerOf(text);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { fatal: `missing column(s): ${missing.join(', ')} (see docs/directory.md)` };
  const warnings = header
    .filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h))
    .map((h) => `column '${h}' is not part of the template and is ignored`);
  return { candidates: rows.map(({ record, info }) => readRow(record, `row ${info.lines}`, mapping)), warnings };
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim().toLowerCase());
}

function readRow(record: Record<string, string>, at: string, mapping: KindMapping): Candidate {
  const issues: ImportIssue[] = [];
  const cell = (c: Column) => record[c]?.trim() || undefined;
  const fail = (field: Column, reason: string) => issues.push({ at, field, reason });

  const number = (c: Column): number | undefined => {
    const raw = cell(c);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) fail(c, `'${raw}' is not a number`);
    return n;
  };
  const yesNo = (c: Column): boolean | undefined => {
    const raw = cell(c)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['yes', 'y', 'true', '1'].includes(raw)) return true;
    if (['no', 'n', 'false', '0'].includes(raw)) return false;
    fail(c, `'${raw}' should be yes or no`);
    return undefined;
  };

  const terms = split(cell('kinds'));
  const { kinds, unknown } = mapTermsToKinds(mapping, terms);
  for (const term of unknown) {
    const near = suggest(term.toLowerCase(), mapping.keys());
    fail('kinds', `unknown kind '${term}'${near ? ` (did you mean '${near}'?)` : ''}; use a kind id or a term in kind-mapping.yaml`);
  }

  const audiences: Audience[] = [];
  for (const a of split(cell('audiences'))) {
    const id = a.toLowerCase().replace(/[\s-]+/g, '_');
    if ((AUDIENCES as readonly string[]).includes(id)) audiences.push(id as Audience);
    else fail('audiences', `unknown audience '${a}'; use ${AUDIENCES.join(', ')}`);
  }

  const dayCell = cell('days');
  const days = dayCell ? parseDayList(dayCell) : { days: [] };
  if ('bad' in days) fail('days', `'${days.bad}' is not a day (use Mon;Wed or Mon-Fri)`);

  const frequency = cell('frequency')?.toLowerCase();
  if (frequency && !(FREQUENCIES as readonly string[]).includes(frequency)) {
    fail('frequency', `'${frequency}' is not one of ${FREQUENCIES.join(', ')}`);
  }

  const latitude = number('latitude');
  const longitude = number('longitude');
  const locations = readLocations(record, cell, fail, latitude, longitude);

  const costCell = cell('cost');
  const stepFree = yesNo('step_free');
  const sample = yesNo('sample') ?? false;
  const minAge = number('min_age');
  const maxAge = number('max_age');
  if (issues.length) return { at, issues };

  const input: EntryInput = {
    id: cell('id') ?? '',
    name: cell('name') ?? '',
    description: cell('description') ?? '',
    organisation: cell('organisation'),
    kinds: kinds as EntryInput['kinds'],
    locations,
    schedule: {
      days: 'days' in days ? days.days : [],
      start: cell('start_time'),
      end: cell('end_time'),
      frequency: frequency as (typeof FREQUENCIES)[number] | undefined,
      notes: cell('schedule_notes'),
    },
    cost: costCell === undefined ? undefined : /^free$/i.test(costCell) ? { free: true } : { free: false, description: costCell },
    eligibility: { minAge, maxAge, audiences },
    accessibility: { stepFree, notes: cell('accessibility_notes') },
    contact: { phone: cell('phone'), email: cell('email'), web: cell('website') },
    lastReviewed: cell('last_reviewed'),
    sample,
  };
  return { at, input };
}

function readLocations(
  record: Record<string, string>,
  cell: (c: Column) => string | undefined,
  fail: (field: Column, reason: string) => void,
  latitude: number | undefined,
  longitude: number | undefined,
): Location[] {
  const venueGiven = ['venue', 'address', 'town', 'postcode', 'latitude', 'longitude'].some((c) => record[c]?.trim());
  const modes = split(cell('mode')).map((m) => {
    const mode = MODES[m.toLowerCase()];
    if (!mode) fail('mode', `'${m}' is not one of in_person, online, by_phone, area_wide`);
    return mode;
  });
  if (modes.length === 0 && venueGiven) modes.push('in_person');
  const postcodeCell = cell('postcode');
  const postcode = postcodeCell ? parsePostcode(postcodeCell) : undefined;
  if (postcodeCell && !postcode) fail('postcode', `'${postcodeCell}' is not a UK postcode or postcode district`);
  return modes.flatMap((mode): Location[] => {
    switch (mode) {
      case 'in_person':
        return [
          {
            mode,
            venue: cell('venue'),
            address: cell('address'),
            town: cell('town'),
            postcode: postcode?.formatted,
            latitude,
            longitude,
          },
        ];
      case 'area_wide':
        return [{ mode, area: cell('area') }];
      case 'online':
      case 'by_phone':
        return [{ mode }];
      default:
        return [];
    }
  });
}

/** Multi-value cells use ";" (commas are for prose); a lone comma-list is accepted too. */
function split(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(cell.includes(';') ? ';' : ',')
    .map((s) => s.trim())
    .filter(Boolean);
}
