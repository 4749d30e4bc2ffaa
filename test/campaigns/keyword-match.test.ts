import { describe, expect, it } from 'vitest';
import { createCampaignBook } from '../../src/campaigns/campaign-book.js';
import { campaignSchema } from '../../src/campaigns/campaign-schema.js';

const book = createCampaignBook([
  campaignSchema.parse({ id: 'library', name: 'Library', keywords: { en: ['LIB24'], pl: ['Biblioteka 24'] }, starts: '2026-01-01', ends: '2026-06-30', ads: ['1202'] }),
  campaignSchema.parse({ id: 'law26', name: 'LAW', keywords: { en: ['LAW26'], pl: ['TYDZIEŃ26'] }, starts: '2026-06-01', ends: '2026-06-30' }),
]);

describe('campaign keywords', () => {
  it.each([
    ['LIB24', 'en'], ['lib24', 'en'], ['  Lib 24!! ', 'en'], ['📚LIB24📚', 'en'], ['LIB24 LIB24', 'en'], ['lib24lib24', 'en'],
    ['Hi! I saw your poster (LIB24)', 'en'], ['biblioteka24', 'pl'], ['BIBLIOTEKA 24 🙂', 'pl'],
  ])('"%s" is the library campaign (%s)', (text, locale) => {
    expect(book.find(text)).toEqual({ campaign: 'library', via: 'keyword', locale });
  });

  it('ignores accents the resident leaves out, and finds nothing in ordinary words', () => {
    expect(book.find('tydzien 26')).toMatchObject({ campaign: 'law26', locale: 'pl' });
    for (const text of ['hi', 'library', 'lib', '24', 'I was at the library on the 24th', '']) expect(book.find(text), text).toBeNull();
  });

  it('an ad listed under a campaign starts it; an unlisted ad is "other" unless its text has a keyword', () => {
    expect(book.find('Hello', { sourceId: '1202' })).toEqual({ campaign: 'library', via: 'referral' });
    expect(book.find('Hello', { sourceId: '9999' })).toEqual({ campaign: 'other', via: 'referral' });
    expect(book.find('Hi (LAW26)', { sourceId: '9999' })).toEqual({ campaign: 'law26', via: 'referral', locale: 'en' });
  });

  it('runs on UK days: the last day lasts until midnight in London', () => {
    expect(book.entry('library', Date.parse('2026-06-30T22:30:00Z'))?.status).toBe('active');
    expect(book.entry('library', Date.parse('2026-06-30T23:30:00Z'))?.status).toBe('expired');
    expect(book.entry('law26', Date.parse('2026-05-31T22:59:00Z'))?.status).toBe('upcoming');
  });
});
