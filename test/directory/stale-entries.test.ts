import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/directory/model.js';
import { staleEntries } from '../../src/directory/stale-entries.js';

describe('stale directory entries', () => {
  const entry = (id: string, lastReviewed?: string) => ({ id, ...(lastReviewed ? { lastReviewed } : {}) }) as Entry;

  it('lists entries never reviewed or reviewed over a year ago, for the council to check', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const entries = [entry('fresh', '2026-06-01'), entry('old', '2025-10-01'), entry('never')];
    expect(staleEntries(entries, now).map((e) => e.id)).toEqual(['old', 'never']);
  });
});
