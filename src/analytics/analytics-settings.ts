import { z } from 'zod';

/** How long raw events are kept before only their weekly aggregates remain (content/settings.yaml). */
export const analyticsRetentionSchema = z.coerce.number().int().min(1).max(120);
export const DEFAULT_RETENTION_MONTHS = 24;

/** The retention setting, with a clear problem for a value that is not a whole number of months from 1 to 120. */
export function readAnalyticsRetention(settings: Record<string, unknown>): { months: number; problem?: string } {
  const value = settings.analytics_retention_months;
  if (value === undefined) return { months: DEFAULT_RETENTION_MONTHS };
  const parsed = analyticsRetentionSchema.safeParse(value);
  return parsed.success
    ? { months: parsed.data }
    : { months: DEFAULT_RETENTION_MONTHS, problem: `analytics_retention_months: a whole number of months from 1 to 120 (got "${String(value)}"); using ${DEFAULT_RETENTION_MONTHS}` };
}
