import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/directory/directory.js';
import { formatActivityDetails, formatActivityList } from '../../src/directory/format-activities.js';
import { isGsm7, normaliseGsm7 } from '../../src/channels/gsm7.js';
import { countSmsSegments } from '../../src/channels/sms-segments.js';
import { findCommunityTransport, searchNearby, searchRemote, type SearchFilters, type SearchHit } from '../../src/directory/search.js';
import { loadActivityTranslator, loadDemoDirectory, WEDNESDAY } from './support.js';

const t = loadActivityTranslator();
const demo = loadDemoDirectory();

describe('formatActivityList', () => {
  it('should keep every list of three from the demo directory within two GSM-7 segments', () => {
    const filters: SearchFilters[] = [{}, { day: 'today' }, { kinds: ['lunch_club'] }, { ways: ['take_notice'] }, { freeOnly: true }, { day: 'weekend' }];
    let checked = 0;
    for (const town of demo.towns) {
      if (town.latitude === undefined) continue;
      for (const f of filters) {
        for (const offset of [0, 3, 6]) {
          const r = searchNearby(demo, { latitude: town.latitude, longitude: town.longitude!, town: town.name, filters: f, offset }, WEDNESDAY);
          const text =
            r.status === 'found'
              ? formatActivityList(r.hits, { t, more: r.more, widenedTo: r.widenedTo })
              : formatActivityList(r.remote, { t, more: false, remote: true });
          expect(isGsm7(text), text).toBe(true);
          expect(countSmsSegments(text).segments, text).toBeLessThanOrEqual(2);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('should number the results and offer details and MORE', () => {
    const r = searchNearby(demo, { latitude: 53.4248, longitude: -1.2014 }, WEDNESDAY);
    if (r.status !== 'found') throw new Error('expected results');
    const lines = formatActivityList(r.hits, { t, more: r.more }).split('\n');
    expect(lines[0]).toBe('1. Maltby Lunch Club, Maltby Miners Welfare 0.0 mi. Tue/Thu 12:00-14:00. £5 including pudding');
    expect(lines.map((l) => l.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', 'Rep']);
    expect(lines.at(-1)).toBe('Reply 1-3 for details, MORE for more.');
  });

  it('should shrink long names and costs rather than spill into a third segment', () => {
    const long = 'A'.repeat(150);
    const d = buildDirectory({
      generatedAt: '2026-11-25T00:00:00Z',
      source: 'test',
      entries: [0, 1, 2].map((i) => ({
        id: `x${i}`,
        name: `${long} “quoted” — ${i}`,
        description: '',
        kinds: ['walking' as const],
        locations: [{ mode: 'in_person' as const, venue: long, town: 'Maltby', latitude: 53.42 + i / 1000, longitude: -1.2 }],
        schedule: { days: ['mo' as const, 'we' as const, 'fr' as const], start: '10:00', end: '11:00', frequency: 'fortnightly' as const },
        cost: { free: false as const, description: `£3 ${long}` },
        eligibility: { audiences: [] },
        accessibility: {},
        contact: {},
        sample: true,
      })),
    });
    const r = searchNearby(d, { latitude: 53.42, longitude: -1.2, radiusMiles: 20 }, WEDNESDAY);
    if (r.status !== 'found') throw new Error('expected results');
    const text = formatActivityList(r.hits, { t, more: true, widenedTo: 20 });
    expect(countSmsSegments(text).segments).toBeLessThanOrEqual(2);
    expect(isGsm7(text)).toBe(true);
    expect(text.split('\n')[0]).toBe('Nothing close, so here is what is within 20 miles:');
  });

  it('should introduce remote options when nothing is nearby', () => {
    const r = searchRemote(demo, {}, WEDNESDAY);
    const text = formatActivityList(r.hits, { t, more: r.more, remote: true });
    expect(text.split('\n')[0]).toBe('Nothing within 20 miles, but you can join these from home:');
    expect(text).toContain('By phone');
  });
});

describe('formatActivityDetails', () => {
  const hitFor = (id: string): SearchHit => {
    const r = searchNearby(demo, { latitude: 53.5026, longitude: -1.3439, limit: 100 }, WEDNESDAY);
    const hit = r.status === 'found' ? r.hits.find((h) => h.entry.id === id) : undefined;
    if (!hit) throw new Error(`no hit ${id}`);
    return hit;
  };

  it('should give what, where, address, a lift, when, cost, contact, when it was checked and the sample note', () => {
    const hit = hitFor('wath-carers');
    const transport = findCommunityTransport(demo, { latitude: 53.5026, longitude: -1.3439 }, WEDNESDAY);
    expect(formatActivityDetails(hit, { t, transport }).split('\n')).toEqual([
      '*Dearne Carers Group*',
      'Carers meet for a chat, information and the occasional trip out.',
      'Where: Wath Methodist Church, Wath upon Dearne',
      'Address: High Street, S63 7LW',
      'Need a lift? Dearne Dial-a-Ride: 0114 496 0407, dearne-transport-sample@example.org, https://example.org/dearne-transport-sample',
      'When: Monday 10:00-12:00 (fortnightly)',
      'Cost: Free',
      'Step-free access.',
      'Contact: 0114 496 0404, carers-together-sample@example.org, https://example.org/carers-together-sample',
      'Details last checked: 2026-11-01.',
      'Note: sample data for testing, not a real activity.',
    ]);
  });

  it('should describe phone, online and area-wide activities without an address', () => {
    const phone = searchRemote(demo, { kinds: ['bereavement'] }, WEDNESDAY).hits[0]!;
    const text = formatActivityDetails(phone, { t });
    expect(text).toContain('Where: by phone, from home.');
    expect(text).toContain('When: Monday, Wednesday and Friday 10:00-14:00');
    expect(text).not.toContain('Address');
    const area = hitFor('aw-befriend-visit');
    expect(formatActivityDetails(area, { t })).toContain('Where: they come to you, anywhere in Rotherham borough.');
    expect(formatActivityDetails(area, { t })).toContain('When: Mon-Fri (Time agreed with your volunteer)'.replace('Mon-Fri', 'Monday-Friday'));
    expect(formatActivityDetails(area, { t })).toContain('Ages 60 and over.');
  });

  it('should keep the English demo directory GSM-7, and real letters in other languages', () => {
    expect(normaliseGsm7('Café “chat” — tea…')).toBe('Café "chat" - tea...');
    expect(normaliseGsm7('Spacer w poniedziałek')).toBe('Spacer w poniedziałek');
    for (const entry of demo.entries) {
      const hit: SearchHit = { entry, match: 'nearby', distanceMiles: 1, location: entry.locations[0]! };
      expect(isGsm7(formatActivityDetails(hit, { t }))).toBe(true);
    }
  });
});

describe('details of a service with several sessions, dates and eligibility', () => {
  it('should list each session with its own times, the dates it runs and who it is for', () => {
    const t = loadActivityTranslator();
    const entry = {
      id: 'two-sessions', name: 'Chatty Cafe', description: '', kinds: ['community_cafe' as const],
      locations: [{ mode: 'in_person' as const, venue: 'Central Library', town: 'Scunthorpe' }],
      schedule: {
        days: ['tu' as const, 'th' as const], start: '10:00', end: '12:00',
        sessions: [{ days: ['tu' as const], start: '10:00', end: '12:00' }, { days: ['th' as const], start: '18:00', end: '20:00' }],
        validFrom: '2026-01-01', validTo: '2027-03-31',
      },
      eligibility: { audiences: [], notes: 'Anyone living in North Lincolnshire.' },
      accessibility: {}, contact: {}, sample: false,
    };
    const text = formatActivityDetails({ entry, match: 'town', distanceMiles: null, location: entry.locations[0]! }, { t });
    expect(text).toContain('When: Tuesday 10:00-12:00; Thursday 18:00-20:00');
    expect(text).toContain('Runs 2026-01-01 to 2027-03-31.');
    expect(text).toContain('Who it is for: Anyone living in North Lincolnshire.');
  });
});
