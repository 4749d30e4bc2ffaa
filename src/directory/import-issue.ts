import type { z } from 'zod';
import { entrySchema, type Entry, type EntryInput } from './model.js';

/** One skipped row or record: `at` is "row 7" (CSV) or "record abc-123" (feeds). */
export interface ImportIssue {
  at: string;
  field: string;
  reason: string;
}

/** A converted row/record: either shaped like an entry (still to be validated) or already known to be bad. */
export type Candidate = { at: string; input: EntryInput } | { at: string; issues: ImportIssue[] };

export function formatImportIssue(issue: ImportIssue): string {
  return `${issue.at}: ${issue.field}: ${issue.reason}`;
}

/** Validate every candidate; duplicates of an id already accepted are skipped too (first one wins). */
export function validateCandidates(candidates: readonly Candidate[]): { entries: Entry[]; skipped: ImportIssue[] } {
  const entries: Entry[] = [];
  const skipped: ImportIssue[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if ('issues' in candidate) {
      skipped.push(...candidate.issues);
      continue;
    }
    const parsed = entrySchema.safeParse(candidate.input);
    if (!parsed.success) {
      skipped.push(...describeZodIssues(candidate.at, parsed.error));
      continue;
    }
    if (seen.has(parsed.data.id)) {
      skipped.push({ at: candidate.at, field: 'id', reason: `'${parsed.data.id}' is already used by an earlier row` });
      continue;
    }
    seen.add(parsed.data.id);
    entries.push(parsed.data);
  }
  return { entries, skipped };
}

export function describeZodIssues(at: string, error: z.ZodError): ImportIssue[] {
  return error.issues.map((issue) => ({
    at,
    field: issue.path.filter((p) => typeof p !== 'number' || issue.path.length === 1).join('.') || 'record',
    reason: issue.message,
  }));
}
