import { readCsvTemplate } from './csv-template.js';
import { describeZodIssues, validateCandidates, type Candidate, type ImportIssue } from './import-issue.js';
import type { KindMapping } from './kind-mapping.js';
import type { Entry } from './model.js';
import { oruk1ServiceSchema, readOruk1Service } from './oruk1.js';
import { oruk3ServiceSchema, readOruk3Service } from './oruk3.js';
import { convertOrukService } from './oruk-service.js';

export const SOURCE_FORMATS = ['oruk3', 'oruk1', 'csv'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface ImportOptions {
  mapping: KindMapping;
  /** Skip sniffing. */
  format?: SourceFormat;
  /** Mark every entry as sample data. CSV rows carry their own `sample` column instead. */
  sample?: boolean;
}

export type ImportResult =
  | { status: 'fatal'; reason: string }
  | { status: 'done'; format: SourceFormat; entries: Entry[]; skipped: ImportIssue[]; warnings: string[]; total: number };

/** Fields only ORUK 1.0 has; any of them on a record means 1.0. */
const ORUK1_FIELDS = ['regular_schedules', 'eligibilitys', 'eligibilities', 'service_taxonomys', 'service_taxonomies', 'attending_type'];

/** Import a whole file's text (JSON feed or CSV template). */
export function importText(text: string, options: ImportOptions): ImportResult {
  const format = options.format ?? sniffFormat(text);
  if (format === 'csv') {
    const read = readCsvTemplate(text, options.mapping);
    if ('fatal' in read) return { status: 'fatal', reason: read.fatal };
    return finish('csv', read.candidates, read.warnings);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { status: 'fatal', reason: `the file is not JSON: ${(error as Error).message}` };
  }
  const records = recordsOf(json);
  if (!records) return { status: 'fatal', reason: 'expected a service, a list of services or a /services page' };
  return importRecords(records, { ...options, format });
}

/** Records already fetched (e.g. from an API); `format` undefined means sniff from the records. */
export function importRecords(records: unknown[], options: ImportOptions): ImportResult {
  const format = options.format === 'oruk1' || options.format === 'oruk3' ? options.format : sniffRecords(records);
  const convertOptions = { mapping: options.mapping, sample: options.sample ?? false };
  const candidates = records.map((raw, i): Candidate => {
    const at = `record ${idOf(raw) ?? `#${i + 1}`}`;
    if (format === 'oruk1') {
      const parsed = oruk1ServiceSchema.safeParse(raw);
      if (!parsed.success) return { at, issues: describeZodIssues(at, parsed.error) };
      return convertOrukService(readOruk1Service(parsed.data), convertOptions);
    }
    const parsed = oruk3ServiceSchema.safeParse(raw);
    if (!parsed.success) return { at, issues: describeZodIssues(at, parsed.error) };
    return convertOrukService(readOruk3Service(parsed.data), convertOptions);
  });
  return finish(format, candidates, []);
}

export function sniffFormat(text: string): SourceFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start !== '{' && start !== '[') return 'csv';
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

function sniffRecords(records: unknown[]): 'oruk1' | 'oruk3' {
  const isOruk1 = records.some(
    (r) => typeof r === 'object' && r !== null && ORUK1_FIELDS.some((f) => f in r),
  );
  return isOruk1 ? 'oruk1' : 'oruk3';
}

function finish(format: SourceFormat, candidates: Candidate[], warnings: string[]): ImportResult {
  const { entries, skipped } = validateCandidates(candidates);
  return { status: 'done', format, entries, skipped, warnings, total: candidates.length };
}

function idOf(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
