import type { Entry } from './model.js';

/** A year: after that, a listing's times, costs and contacts are too likely to have changed unchecked. */
export const STALE_AFTER_DAYS = 365;

/** Entries never reviewed, or reviewed longer ago than `days`: the council should check them first. */
export function staleEntries(entries: readonly Entry[], now: Date, days = STALE_AFTER_DAYS): Entry[] {
  const cutoff = now.getTime() - days * 86_400_000;
  return entries.filter((entry) => !entry.lastReviewed || Date.parse(entry.lastReviewed) < cutoff);
}
