import { readCsvTemplate } from './csv-template.js';
import type { GeoData } from './geo-data.js';
import { describeZodIssues, validateCandidates, type Candidate, type ImportIssue, type ServiceOutcome } from './import-issue.js';
import type { KindMapping } from './kind-mapping.js';
import type { Entry } from './model.js';
import { oruk1ServiceSchema, readOruk1Service } from './oruk1.js';
import { oruk3ServiceSchema, readOruk3Service } from './oruk3.js';
import { convertOrukService } from './oruk-service.js';
import { placeVenuesByPostcode } from './place-venues.js';

export const SOURCE_FORMATS = ['oruk3', 'oruk1', 'csv'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Bigger than any council's feed we have seen (738 services is 1.7 MB); a bigger file is almost surely something else. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ImportOptions {
  mapping: KindMapping;
  /** Skip sniffing. */
  format?: SourceFormat;
  /** Mark every entry as sample data. CSV rows carry their own `sample` column instead. */
  sample?: boolean;
  /** Postcode areas or districts the council covers (content/settings.yaml `council_area`, or --area). */
  councilArea?: readonly string[];
  /** Spreadsheets: template column → the file's own header. */
  columns?: Readonly<Record<string, string>>;
  /** Offline postcode data, to place venues that give only a postcode. */
  geo?: GeoData;
  /** The file says it is JSON (by its name): never read it as a spreadsheet. */
  json?: boolean;
}

export type ImportResult =
  | { status: 'fatal'; reason: string }
  | {
      status: 'done';
      format: SourceFormat;
      entries: Entry[];
      /** One per row or record, in source order. */
      outcomes: ServiceOutcome[];
      /** Why each skipped service was left out. */
      skipped: ImportIssue[];
      warnings: string[];
      total: number;
    };

/** Fields only ORUK 1.0 has; any of them on a record means 1.0. */
const ORUK1_FIELDS = ['regular_schedules', 'eligibilitys', 'eligibilities', 'service_taxonomys', 'service_taxonomies', 'attending_type', 'pc_targetAudience'];

/** A file as read from disk: size checked, and decoded as UTF-8 or, failing that, Windows-1252 (Excel's "CSV"). */
export function importBytes(bytes: Uint8Array, options: ImportOptions): ImportResult {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return { status: 'fatal', reason: `the file is ${(bytes.byteLength / 1024 / 1024).toFixed(0)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB a directory feed can be` };
  }
  return importText(decodeText(bytes), options);
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Windows-1252's 0x80-0x9F; Node's TextDecoder treats the label as Latin-1 and gives control characters there. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** Import a whole file's text (JSON feed or CSV). */
export function importText(text: string, options: ImportOptions): ImportResult {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { status: 'fatal', reason: 'the file is empty' };
  const format = options.format ?? (options.json ? sniffJsonFormat(text) : sniffFormat(text));
  if (format === 'csv') {
    const read = readCsvTemplate(text, options);
    if ('fatal' in read) return { status: 'fatal', reason: read.fatal };
    return finish('csv', read.candidates, read.warnings, options);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    return {
      status: 'fatal',
      reason: /end of JSON|Unterminated|Unexpected end/i.test(message)
        ? 'the file stops part-way through (was the download cut short?)'
        : `the file is not JSON (${message})`,
    };
  }
  const records = recordsOf(json);
  if (!records) return { status: 'fatal', reason: 'this is JSON but not an Open Referral feed: expected a service, a list of services or a /services page' };
  if (records.length === 0) return { status: 'fatal', reason: 'the feed lists no services' };
  if (!records.some(looksLikeService)) {
    return { status: 'fatal', reason: 'this is JSON but not an Open Referral feed: no record has an id and a name' };
  }
  const result = importRecords(records, { ...options, format });
  const paged = describePartialPage(json, records.length);
  return paged && result.status === 'done' ? { ...result, warnings: [paged, ...result.warnings] } : result;
}

/** Records already fetched (e.g. from an API); `format` undefined means sniff from the records. */
export function importRecords(records: unknown[], options: ImportOptions): ImportResult {
  const format = options.format === 'oruk1' || options.format === 'oruk3' ? options.format : sniffRecords(records);
  const convertOptions = { mapping: options.mapping, sample: options.sample ?? false, ...(options.councilArea ? { councilArea: options.councilArea } : {}) };
  const candidates = records.map((raw, i): Candidate => {
    const at = `record ${idOf(raw) ?? `#${i + 1}`}`;
    const name = nameOf(raw);
    if (format === 'oruk1') {
      const parsed = oruk1ServiceSchema.safeParse(raw);
      if (!parsed.success) return { at, ...(name ? { name } : {}), issues: describeZodIssues(at, parsed.error) };
      return convertOrukService(readOruk1Service(parsed.data), convertOptions);
    }
    const parsed = oruk3ServiceSchema.safeParse(raw);
    if (!parsed.success) return { at, ...(name ? { name } : {}), issues: describeZodIssues(at, parsed.error) };
    return convertOrukService(readOruk3Service(parsed.data), convertOptions);
  });
  return finish(format, candidates, [], options);
}

export function sniffFormat(text: string): SourceFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start !== '{' && start !== '[') return 'csv';
  return sniffJsonFormat(text);
}

function sniffJsonFormat(text: string): 'oruk1' | 'oruk3' {
  try {
    return sniffRecords(recordsOf(JSON.parse(text.replace(/^\uFEFF/, ''))) ?? []);
  } catch {
    return 'oruk3';
  }
}

/** A `/services` page (3.0 `contents`, 1.0 `content`), a list of records, or one record. */
export function recordsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (typeof json !== 'object' || json === null) return undefined;
  const page = json as Record<string, unknown>;
  if (Array.isArray(page.contents)) return page.contents;
  if (Array.isArray(page.content)) return page.content;
  return 'id' in page ? [json] : undefined;
}

/** Paging facts of a /services page: 3.0 `total_pages`/`total_items`, 1.0 (Spring) `totalPages`/`totalElements`. */
export function pageInfo(json: unknown): { page?: number; totalPages?: number; totalItems?: number; last?: boolean } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const p = json as Record<string, unknown>;
  const num = (...keys: string[]) => keys.map((k) => p[k]).find((v): v is number => typeof v === 'number');
  const last = [p.last_page, p.last].find((v): v is boolean => typeof v === 'boolean');
  return {
    ...(num('page_number', 'number') !== undefined ? { page: num('page_number', 'number') } : {}),
    ...(num('total_pages', 'totalPages') !== undefined ? { totalPages: num('total_pages', 'totalPages') } : {}),
    ...(num('total_items', 'totalElements') !== undefined ? { totalItems: num('total_items', 'totalElements') } : {}),
    ...(last !== undefined ? { last } : {}),
  };
}

/** A saved /services page that is one of several: say so, or the officer thinks the feed is small. */
function describePartialPage(json: unknown, count: number): string | undefined {
  const info = pageInfo(json);
  const more = (info.totalPages ?? 1) > 1 || info.last === false || (info.totalItems ?? 0) > count;
  if (!more) return undefined;
  const of = info.totalPages ? ` of ${info.totalPages}` : '';
  const all = info.totalItems ? ` (${info.totalItems} services in all)` : '';
  return `this file is only page ${info.page ?? 1}${of} of the feed${all}, so only its ${count} services were imported; import from the API's base URL to get every page`;
}

function sniffRecords(records: unknown[]): 'oruk1' | 'oruk3' {
  const isOruk1 = records.some(
    (r) => typeof r === 'object' && r !== null && ORUK1_FIELDS.some((f) => f in r),
  );
  return isOruk1 ? 'oruk1' : 'oruk3';
}

function finish(format: SourceFormat, candidates: Candidate[], warnings: string[], options: ImportOptions): ImportResult {
  if (options.geo) placeVenuesByPostcode(candidates, options.geo);
  const covers = options.councilArea?.length ? { covers: [...options.councilArea] } : {};
  const { entries, outcomes } = validateCandidates(candidates, { mode: 'area_wide', venueNotListed: true, ...covers });
  const skipped = outcomes.flatMap((o) => o.issues);
  return { status: 'done', format, entries, outcomes, skipped, warnings, total: candidates.length };
}

function looksLikeService(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'id' in raw && 'name' in raw;
}

function idOf(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function nameOf(raw: unknown): string | undefined {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}
