import { parse } from 'csv-parse/sync';
import { suggest } from '../authoring/author-issue.js';
import { cleanAge, cleanEmail, cleanPhone, cleanText, cleanUrl, type FieldNote } from './clean-fields.js';
import type { Candidate } from './import-issue.js';
import { classifyService, mapTermsToKinds, normaliseTerm, type KindMapping } from './kind-mapping.js';
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
const REQUIRED: Column[] = ['name'];

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

export interface SpreadsheetOptions {
  mapping: KindMapping;
  /** Template column → the spreadsheet's own header (e.g. name → "Family hub name"). */
  columns?: Readonly<Record<string, string>>;
  /** Where services without a venue are offered. */
  councilArea?: readonly string[];
}

/**
 * Parse the CSV template or any spreadsheet of venues saved as CSV: comma, semicolon or tab separated, with or
 * without a BOM; blank rows skipped; rows numbered as a spreadsheet shows them. Only a name is required: kinds
 * come from the `kinds` column or, failing that, from the name and description; ids are made from names.
 */
export function readCsvTemplate(text: string, options: SpreadsheetOptions): CsvResult {
  const body = text.replace(/^\uFEFF/, '');
  const rename = renameColumns(options.columns ?? {});
  if ('fatal' in rename) return rename;
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  let original: string[] = [];
  try {
    rows = parse(body, {
      delimiter: sniffDelimiter(body),
      columns: (raw: string[]) => {
        original = raw.map((h) => h.trim().toLowerCase());
        return (header = original.map(rename.map));
      },
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    return { fatal: `the file is not readable CSV: ${(error as Error).message}` };
  }
  if (header.length === 0) return { fatal: 'the file is empty' };
  const unmatched = rename.unmatched(original);
  if (unmatched.length) return { fatal: `--map names column(s) the file does not have: ${unmatched.join(', ')} (its columns: ${original.join(', ')})` };
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    return { fatal: `missing column(s): ${missing.join(', ')}; name them with --map "name=Your column" (columns found: ${header.join(', ')})` };
  }
  const warnings = header
    .filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h))
    .map((h) => `column '${h}' is not part of the template and is ignored`);
  const ids = new Set<string>();
  return { candidates: rows.map(({ record, info }) => readRow(record, `row ${info.lines}`, options, ids)), warnings };
}

/** The separator that splits the header line into the most cells (Excel in many locales saves with ";"). */
function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

function renameColumns(columns: Readonly<Record<string, string>>):
  | { fatal: string }
  | { map: (header: string) => string; unmatched: (header: string[]) => string[] } {
  const bySource = new Map<string, string>();
  for (const [column, source] of Object.entries(columns)) {
    const target = column.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(target)) {
      const near = suggest(target, CSV_COLUMNS);
      return { fatal: `--map: '${column}' is not a template column${near ? ` (did you mean '${near}'?)` : ''}; columns: ${CSV_COLUMNS.join(', ')}` };
    }
    bySource.set(source.trim().toLowerCase(), target);
  }
  return {
    map: (h) => bySource.get(h) ?? h,
    unmatched: (header) => [...bySource.keys()].filter((source) => !header.includes(source)),
  };
}

function readRow(record: Record<string, string>, at: string, options: SpreadsheetOptions, ids: Set<string>): Candidate {
  const notes: FieldNote[] = [];
  const cell = (c: Column) => record[c]?.trim() || undefined;
  // A bad cell drops that cell, never the row: the summary says which and why.
  const fail = (field: Column, reason: string) =>
    notes.push({ field, value: cell(field) ?? '', reason, fix: 'correct the cell in the spreadsheet', outcome: 'dropped' });
  const take = <T>(cleaned: { value?: T; notes: FieldNote[] }): T | undefined => {
    notes.push(...cleaned.notes);
    return cleaned.value;
  };

  const number = (c: Column): number | undefined => {
    const raw = cell(c);
    if (raw === undefined) return undefined;
    const n = Number(raw.replace(',', '.'));
    if (Number.isFinite(n)) return n;
    fail(c, `'${raw}' is not a number`);
    return undefined;
  };
  const yesNo = (c: Column): boolean | undefined => {
    const raw = cell(c)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['yes', 'y', 'true', '1'].includes(raw)) return true;
    if (['no', 'n', 'false', '0'].includes(raw)) return false;
    fail(c, `'${raw}' should be yes or no`);
    return undefined;
  };

  const name = take(cleanText('name', cell('name')));
  const description = take(cleanText('description', cell('description'))) ?? '';
  const terms = split(cell('kinds'));
  const { kinds, unknown } = mapTermsToKinds(options.mapping, terms);
  for (const term of unknown) {
    const near = suggest(term.toLowerCase(), options.mapping.terms.keys());
    fail('kinds', `unknown kind '${term}'${near ? ` (did you mean '${near}'?)` : ''}; use a kind id or a term in kind-mapping.yaml`);
  }
  // No kinds column (a council's own spreadsheet), or none known: read them from the name and description.
  const classified = classifyService(options.mapping, { name: name ?? '', description, terms: [], targetAudiences: split(cell('audiences')) });
  const classifiedBy = kinds.length ? 'taxonomy' : classified.by;

  const audiences: Audience[] = [];
  for (const a of split(cell('audiences'))) {
    const id = a.toLowerCase().replace(/[\s-]+/g, '_');
    if ((AUDIENCES as readonly string[]).includes(id)) audiences.push(id as Audience);
    else if (!classified.audiences.length) fail('audiences', `unknown audience '${a}'; use ${AUDIENCES.join(', ')}`);
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
  const locations = readLocations(record, cell, fail, latitude, longitude, options.councilArea);

  const costCell = cell('cost');
  const stepFree = yesNo('step_free');
  const sample = yesNo('sample') ?? false;
  const minAge = take(cleanAge('min_age', number('min_age')));
  const maxAge = take(cleanAge('max_age', number('max_age')));
  if (!name) return { at, issues: [{ at, field: 'name', reason: 'must not be empty' }] };

  const id = cell('id') ?? makeId(name, cell('postcode'), ids);
  if (!cell('id')) notes.push({ field: 'id', value: id, reason: 'no id column, so an id was made from the name', fix: 'add an id column to keep ids stable between imports', outcome: 'info' });
  ids.add(id);
  const input: EntryInput = {
    id,
    name,
    description,
    organisation: cell('organisation'),
    kinds: (kinds.length ? kinds : classified.kinds) as EntryInput['kinds'],
    locations,
    schedule: {
      days: 'days' in days ? days.days : [],
      start: cell('start_time'),
      end: cell('end_time'),
      frequency: frequency as (typeof FREQUENCIES)[number] | undefined,
      notes: cell('schedule_notes'),
    },
    cost: costCell === undefined ? undefined : /^free$/i.test(costCell) ? { free: true } : { free: false, description: costCell },
    eligibility: { minAge, maxAge, audiences: [...new Set([...audiences, ...classified.audiences])] },
    accessibility: { stepFree, notes: cell('accessibility_notes') },
    contact: { phone: take(cleanPhone('phone', cell('phone'))), email: take(cleanEmail('email', cell('email'))), web: take(cleanUrl('website', cell('website'))) },
    lastReviewed: cell('last_reviewed'),
    sample,
  };
  return { at, ...(name ? { name } : {}), input, notes, classifiedBy };
}

/** "Scunthorpe Family Hub" + "DN15 6NL" → "scunthorpe-family-hub-dn15-6nl"; a clash gets "-2". */
function makeId(name: string, postcode: string | undefined, taken: ReadonlySet<string>): string {
  const slug = normaliseTerm(`${name} ${postcode ?? ''}`).replace(/\*/g, '').trim().replace(/ +/g, '-').slice(0, 80) || 'venue';
  let id = slug;
  for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
  return id;
}

function readLocations(
  record: Record<string, string>,
  cell: (c: Column) => string | undefined,
  fail: (field: Column, reason: string) => void,
  latitude: number | undefined,
  longitude: number | undefined,
  councilArea: readonly string[] | undefined,
): Location[] {
  const venueGiven = ['venue', 'address', 'town', 'postcode', 'latitude', 'longitude'].some((c) => record[c]?.trim());
  const modes = split(cell('mode')).flatMap((m) => {
    const mode = MODES[m.toLowerCase()];
    if (!mode) fail('mode', `'${m}' is not one of in_person, online, by_phone, area_wide`);
    return mode ? [mode] : [];
  });
  // Neither a mode nor a venue: offered across the council's area, residents contact them for where.
  const venueNotListed = modes.length === 0 && !venueGiven;
  if (modes.length === 0) modes.push(venueGiven ? 'in_person' : 'area_wide');
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
        return [{ mode, area: cell('area'), ...(venueNotListed ? { venueNotListed } : {}), ...(councilArea?.length ? { covers: [...councilArea] } : {}) }];
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
