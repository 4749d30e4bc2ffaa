import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBytes, importText, type ImportResult } from '../../src/directory/import-directory.js';
import { loadGeoData } from '../../src/directory/geo-data.js';
import { FIXTURES, fixture, mapping } from './support.js';

const REAL_FEED = `${FIXTURES}oruk-real/northlincs_oruk1_services_list_2024-12.json`;
const NORTH_LINCS = ['DN15', 'DN16', 'DN17', 'DN18', 'DN19', 'DN20', 'DN9'];

function importRealFeed(): Extract<ImportResult, { status: 'done' }> {
  const result = importBytes(readFileSync(REAL_FEED), { mapping, councilArea: NORTH_LINCS });
  if (result.status !== 'done') throw new Error(result.reason);
  return result;
}
const real = importRealFeed();
const entry = (id: string) => real.entries.find((e) => e.id === id)!;
const notes = (id: string) => real.outcomes.find((o) => o.id === id)!.notes;

describe("North Lincolnshire's real ORUK 1.0 feed (738 services, no taxonomy, no locations)", () => {
  it('should import at least 95% of named services, each with a kind, and reject none for one bad field', () => {
    const named = (JSON.parse(readFileSync(REAL_FEED, 'utf8')) as { name?: string }[]).filter((s) => s.name?.trim()).length;
    expect(named).toBe(738);
    expect(real.entries.length / named).toBeGreaterThanOrEqual(0.95);
    expect(real.entries.every((e) => e.kinds.length > 0)).toBe(true);
    expect(real.skipped).toEqual([]);
  });

  it('should classify by name and description, and keep what fits nothing as general and say so', () => {
    expect(entry('84416781-9167-4fdf-d6c0-ae2c871a9b48')).toMatchObject({ name: 'Bowling Club', kinds: ['sport_exercise'] });
    expect(entry('aa8a73a8-175f-5313-0229-81bc9b2acdad')).toMatchObject({ name: 'Barton Carer Peer Support Group', eligibility: { audiences: ['carers'] } });
    expect(entry('aa8a73a8-175f-5313-0229-81bc9b2acdad').kinds).toEqual(expect.arrayContaining(['carers', 'support_group']));
    expect(entry('d3354c19-2603-0db5-59d1-ef0369e30562')).toMatchObject({ name: 'Grief Cafe', eligibility: { audiences: ['bereaved'] } });
    expect(entry('d3354c19-2603-0db5-59d1-ef0369e30562').kinds).toContain('bereavement');
    // A service naming thirty audiences is for everyone, not a carers' group.
    expect(entry('a514b11a-51ab-8a12-2501-ae0db33166ef').eligibility.audiences).toEqual([]);
    const general = real.outcomes.filter((o) => o.classifiedBy === 'general');
    expect(general.length).toBeGreaterThan(0);
    expect(general.every((o) => o.kinds.join() === 'general' && o.notes.some((n) => n.field === 'kinds'))).toBe(true);
  });

  it('should offer the voluntary car service as transport (its drivers are volunteers, it is not recruiting)', () => {
    expect(entry('91b89704-f607-6c11-ba14-02a7ae37b366').kinds).toContain('transport');
    expect(real.entries.filter((e) => e.kinds.includes('transport')).map((e) => e.name)).not.toContain('School Transport Service');
  });

  it('should complete a www. web address and report the fix', () => {
    expect(entry('84416781-9167-4fdf-d6c0-ae2c871a9b48').contact.web).toBe('https://www.scunthorpebowlsclub.com');
    expect(notes('84416781-9167-4fdf-d6c0-ae2c871a9b48')).toContainEqual(
      expect.objectContaining({ field: 'url', value: 'www.scunthorpebowlsclub.com', reason: 'web address completed', outcome: 'fixed' }),
    );
  });

  it('should take a labelled phone number ("Tel: 01724 296394") from the description', () => {
    expect(entry('e7b7dd78-7122-3026-e33f-2d7fd15316b5')).toMatchObject({
      name: 'Experts by Experience',
      contact: { phone: '01724 296394', email: 'expert.experience@northlincs.gov.uk', web: 'https://northlincs.gov.uk' },
    });
  });

  it('should turn HTML descriptions into plain text', () => {
    const wawy = entry('738f94e0-aa6c-6a5c-2395-7b64421ba2a5');
    expect(wawy.name).toBe('"We are with You" WAWY');
    expect(wawy.description).toMatch(/^Struggling with Drug & Alcohol Addiction\? We Are With You provide free/);
    expect(wawy.description).not.toMatch(/<|&amp;|&nbsp;/);
  });

  it('should clean an invisible character out of an e-mail address', () => {
    expect(entry('f5a4b965-f7a9-c426-1f60-f83620849dc2').contact.email).toBe('info@r-evolution.org.uk');
  });

  it('should offer a service with no location across the council area, asking residents to contact it', () => {
    expect(entry('738f94e0-aa6c-6a5c-2395-7b64421ba2a5').locations).toEqual([{ mode: 'area_wide', venueNotListed: true, covers: NORTH_LINCS }]);
    // A description naming exactly one postcode names the venue; offline data places it at the district's centre.
    const placed = importBytes(readFileSync(REAL_FEED), { mapping, councilArea: NORTH_LINCS, geo: loadGeoData() });
    const barton = placed.status === 'done' ? placed.entries.find((e) => e.id === 'aa8a73a8-175f-5313-0229-81bc9b2acdad') : undefined;
    expect(barton?.locations).toEqual([{ mode: 'in_person', postcode: 'DN18 5NG', latitude: 53.681364, longitude: -0.447466, approximate: true }]);
    // attending_type "Phone": joined by phone from anywhere.
    expect(entry('fb323dd7-4b1b-775c-87b3-5e694fd726f5')).toMatchObject({ name: 'Childline', locations: [{ mode: 'by_phone' }] });
  });
});

describe('ORUK 3.0 record with -1 ages, eligibility text, two sessions and dates', () => {
  it('should read -1 as no age limit and keep each session with its own times', () => {
    const result = importText(fixture('oruk3-any-age.json'), { mapping });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.skipped).toEqual([]);
    const [e] = result.entries;
    expect(e!.eligibility).toEqual({ audiences: [], notes: 'Anyone living in Rotherham.' });
    expect(e!.schedule).toMatchObject({
      days: ['tu', 'th'],
      start: '12:00',
      end: '14:00',
      sessions: [
        { days: ['tu'], start: '12:00', end: '14:00', frequency: 'weekly' },
        { days: ['th'], start: '18:00', end: '20:00', frequency: 'weekly' },
      ],
      validFrom: '2026-01-01',
      validTo: '2027-03-31',
    });
  });
});

describe('a saved /services page that is only the first of several', () => {
  it('should import its services and say plainly that the rest of the feed is missing', () => {
    const services = JSON.parse(readFileSync(REAL_FEED, 'utf8')) as unknown[];
    const page = { totalElements: 738, totalPages: 8, number: 1, size: 100, first: true, last: false, content: services.slice(0, 100) };
    const result = importText(JSON.stringify(page), { mapping });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.entries).toHaveLength(100);
    expect(result.warnings).toEqual([
      "this file is only page 1 of 8 of the feed (738 services in all), so only its 100 services were imported; import from the API's base URL to get every page",
    ]);
  });
});
