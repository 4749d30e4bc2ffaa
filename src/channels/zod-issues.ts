import type { z } from 'zod';

/** Zod issues as plain one-line reasons ("From: not an E.164 phone number"), never the values themselves. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
