import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchFromAnswers } from '../../src/activities/search-from-answers.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { formatActivityDetails, formatActivityList, truncate } from '../../src/directory/format-activities.js';
import { importBytes, importText } from '../../src/directory/import-directory.js';
import { findCommunityTransport, searchNearby, type SearchHit } from '../../src/directory/search.js';
import { FIXTURES, loadActivityTranslator, mapping, WEDNESDAY } from './support.js';

const NORTH_LINCS = ['DN15', 'DN16', 'DN17', 'DN18', 'DN19', 'DN20', 'DN9'];
const imported = importBytes(readFileSync(`${FIXTURES}oruk-real/northlincs_oruk1_services_list_2024-12.json`), { mapping, councilArea: NORTH_LINCS });
if (imported.status !== 'done') throw new Error(imported.reason);
const directory = buildDirectory({ entries: imported.entries, generatedAt: '2026-11-25T00:00:00Z', source: 'northlincs' });
const t = loadActivityTranslator();
/** A Scunthorpe resident (DN15 district centre), as the conversation stores them. */
const scunthorpe = { 'place': 'DN15', 'place.lat': 53.6145, 'place.lon': -0.6519 };
const search = (vars: Record<string, string | number>) => {
  const ask = searchFromAnswers(vars);
  return searchNearby(directory, { ...ask.place!, ...(ask.district ? { district: ask.district } : {}), filters: ask.filters, limit: 5 }, WEDNESDAY);
};
const names = (result: ReturnType<typeof search>) => (result.status === 'found' ? result.hits.map((h) => h.entry.name) : []);


describe('matching what the bot knows against the real North Lincolnshire directory', () => {
  it('should offer the council-wide services to a resident in DN15', () => {
    const result = search(scunthorpe);
    expect(result.status).toBe('found');
    expect(result.status === 'found' && result.hits.every((h) => h.match === 'area_wide')).toBe(true);
  });

  it("should put carers' groups first for a carer, bereavement groups for the bereaved, family groups for new parents", () => {
    const carer = search({ ...scunthorpe, event: 'caring' });
    expect(carer.status === 'found' && carer.hits.every((h) => h.entry.kinds.includes('carers') || h.entry.eligibility.audiences.includes('carers'))).toBe(true);
    // Every carers' service comes before any other.
    const many = searchNearby(directory, { latitude: 53.6145, longitude: -0.6519, district: 'DN15', filters: searchFromAnswers({ ...scunthorpe, event: 'caring' }).filters, limit: 200 }, WEDNESDAY);
    const fits = many.status === 'found' ? many.hits.map((h) => h.entry.kinds.includes('carers') || h.entry.eligibility.audiences.includes('carers')) : [];
    expect(fits.indexOf(false)).toBeGreaterThan(10);
    expect(fits.slice(fits.indexOf(false))).not.toContain(true);
    const bereaved = search({ ...scunthorpe, event: 'bereavement' });
    expect(bereaved.status === 'found' && bereaved.hits.every((h) => h.entry.kinds.includes('bereavement') || h.entry.eligibility.audiences.includes('bereaved'))).toBe(true);
    expect(names(bereaved)).toContain('Grief Cafe');
    const parent = search({ ...scunthorpe, event: 'new_parent' });
    expect(parent.status === 'found' && parent.hits.every((h) => h.entry.kinds.includes('parents_babies') || h.entry.eligibility.audiences.some((a) => a === 'new_parents' || a === 'families'))).toBe(true);
  });

  it('should leave out services whose ages exclude the age group the resident gave', () => {
    const directoryWithAges = buildDirectory({
      entries: [
        { ...imported.entries[0]!, id: 'over-50s', name: 'Over 50s Fitness', eligibility: { minAge: 50, audiences: [] } },
        { ...imported.entries[1]!, id: 'youth', name: 'Youth Hub', eligibility: { minAge: 18, maxAge: 24, audiences: [] } },
        { ...imported.entries[2]!, id: 'anyone', name: 'Anyone', eligibility: { audiences: [] } },
      ],
      generatedAt: '2026-11-25T00:00:00Z',
      source: 'test',
    });
    const idsFor = (age: string) => {
      const ask = searchFromAnswers({ ...scunthorpe, age });
      const result = searchNearby(directoryWithAges, { ...ask.place!, district: 'DN15', filters: ask.filters }, WEDNESDAY);
      return result.status === 'found' ? result.hits.map((h) => h.entry.id).sort() : [];
    };
    expect(idsFor('16_24')).toEqual(['anyone', 'youth']);
    expect(idsFor('65_plus')).toEqual(['anyone', 'over-50s']);
  });

  it('should tell a resident outside the council area what the services cover, with no local list', () => {
    const bristol = { 'place': 'BS1', 'place.lat': 51.4545, 'place.lon': -2.5879 };
    const result = search(bristol);
    expect(result).toMatchObject({ status: 'none_nearby', outsideArea: NORTH_LINCS });
    expect(t('activities.list.outside_area', { area: NORTH_LINCS.join(', ') })).toBe(
      'Local services here cover DN15, DN16, DN17, DN18, DN19, DN20, DN9 only, and you are outside it. You can join these from home:',
    );
  });

  it('should offer a lift only from a transport service, never from a listing that recruits drivers', () => {
    const lift = findCommunityTransport(directory, { latitude: 53.6145, longitude: -0.6519, district: 'DN15' }, WEDNESDAY);
    expect(lift?.name).toBe('Voluntary Car Service');
    const recruiting = importText(
      JSON.stringify([{ id: 'drivers', name: 'Community Transport: Volunteer Drivers Needed', description: 'Could you drive? We are recruiting drivers for our dial a ride.', status: 'active' }]),
      { mapping, councilArea: ['DN15'] },
    );
    if (recruiting.status !== 'done') throw new Error(recruiting.reason);
    expect(recruiting.entries[0]!.kinds).not.toContain('transport');
    const withRecruiter = buildDirectory({ entries: recruiting.entries, generatedAt: '2026-11-25T00:00:00Z', source: 'test' });
    expect(findCommunityTransport(withRecruiter, { latitude: 53.6145, longitude: -0.6519, district: 'DN15' }, WEDNESDAY)).toBeUndefined();
  });
});

describe('how results read', () => {
  it('should shorten names at a word boundary, never mid-word', () => {
    expect(truncate('Cycle Hub - Training and Cycle Maintenance', 24)).toBe('Cycle Hub - Training...');
    expect(truncate('Breastfeeding Welcome Here Venues Barton-Upon-Humber', 30)).toBe('Breastfeeding Welcome Here...');
    const result = search(scunthorpe);
    if (result.status !== 'found') throw new Error('expected results');
    const text = formatActivityList(result.hits.slice(0, 3), { t, more: true });
    for (const hit of result.hits.slice(0, 3)) {
      const shown = new RegExp(`\\d\\. ([^,]*?)(\\.\\.\\.)?, `).exec(text.split('\n').find((l) => l.startsWith(`${result.hits.indexOf(hit) + 1}. `))!)![1]!;
      expect(hit.entry.name.startsWith(shown)).toBe(true);
      expect(shown === hit.entry.name || hit.entry.name[shown.length] === ' ').toBe(true);
    }
  });

  it('should say "about" for a distance known only to a postcode district, and ask residents where an unlisted venue meets', () => {
    const hit: SearchHit = {
      entry: { ...imported.entries[0]!, locations: [{ mode: 'in_person', postcode: 'DN15', latitude: 53.6, longitude: -0.65, approximate: true }] },
      match: 'nearby',
      distanceMiles: 2.04,
      location: { mode: 'in_person', postcode: 'DN15', latitude: 53.6, longitude: -0.65, approximate: true },
    };
    expect(formatActivityList([hit], { t, more: false })).toContain('DN15 about 2 mi');
    expect(formatActivityList([{ ...hit, distanceMiles: 0 }], { t, more: false })).toContain('DN15 about 1 mi');
    const unlisted = search(scunthorpe);
    if (unlisted.status !== 'found') throw new Error('expected results');
    expect(formatActivityList(unlisted.hits.slice(0, 1), { t, more: false })).toContain('Ask them where');
    expect(formatActivityDetails(unlisted.hits[0]!, { t })).toContain('Where: ask them where and when it meets.');
  });
});
