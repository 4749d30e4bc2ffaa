import { distance } from 'fastest-levenshtein';

/** A problem in a file the comms team edits: where it is, what is wrong and how to fix it. */
export interface AuthorIssue {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
  fix?: string;
  /**
   * The file could not be read (or a flow could not be understood), so checks that depend on it would only
   * report follow-on errors: those are held back until this is fixed.
   */
  blocks?: true;
}

export function formatIssue(issue: AuthorIssue): string {
  const fix = issue.fix ? ` Fix: ${issue.fix}` : '';
  return `${issue.file}:${issue.line}: ${issue.severity}: ${issue.message}${fix}`;
}

/** "did you mean 'x'?" for a misspelt name, when a close one exists. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function didYouMean(name: string, known: Iterable<string>, otherwise: string): string {
  const near = suggest(name, known);
  return near ? `did you mean '${near}'?` : otherwise;
}

/** The issues to show: when a file could not be read, only those, since the rest may just follow from them. */
export function withoutFollowOns(issues: AuthorIssue[]): { shown: AuthorIssue[]; heldBack: number } {
  const blocking = issues.filter((i) => i.blocks);
  if (!blocking.length) return { shown: issues, heldBack: 0 };
  return { shown: blocking, heldBack: issues.length - blocking.length };
}

/** Thrown at start when files the comms team edits have errors; the message lists them all. */
export class AuthorIssuesError extends Error {
  constructor(readonly issues: AuthorIssue[]) {
    super(`${issues.length} problem(s) in flows or content:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'AuthorIssuesError';
  }
}
