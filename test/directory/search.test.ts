import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/directory/directory.js';
import { KINDS, WEEKDAYS, type Entry, type Kind } from '../../src/directory/model.js';
import { findCommunityTransport, KM_PER_MILE, searchNearby, searchRemote, type SearchFilters } from '../../src/directory/search.js';
import { loadDemoDirectory, WEDNESDAY } from './support.js';

/** Deterministic PRNG so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return (2 * 6371 * Math.asin(Math.sqrt(h))) / KM_PER_MILE;
}

function venue(id: string, lat: number, lon: number, extra: Partial<Entry> = {}): Entry {
  return {
    id,
    name: id,
    description: '',
    kinds: ['walking'],
    locations: [{ mode: 'in_person', town: 'Testville', latitude: lat, longitude: lon }],
    schedule: { days: ['mo'] },
    eligibility: { audiences: [] },
    accessibility: {},
    contact: {},
    sample: true,
    ...extra,
  };
}

const at = (entries: Entry[]) => buildDirectory({ entries, generatedAt: '2026-11-25T00:00:00Z', source: 'test' });

describe('searchNearby against a brute-force haversine oracle', () => {
  it('should return the same ids in the same order for 10,000 random points and queries', () => {
    const rnd = random(42);
    const entries: Entry[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kinds = [KINDS[Math.floor(rnd() * KINDS.length)]!] as Kind[];
      const days = WEEKDAYS.filter(() => rnd() < 0.3);
      entries.push(venue(`e${i}`, 53.1 + rnd() * 0.7, -1.8 + rnd() * 1.1, { kinds, schedule: { days }, cost: rnd() < 0.5 ? { free: true } : undefined }));
    }
    const directory = at(entries);
    const lats = Float64Array.from(entries, (e) => (e.locations[0] as { latitude: number }).latitude);
    const lons = Float64Array.from(entries, (e) => (e.locations[0] as { longitude: number }).longitude);
    const CONNECT_KINDS = new Set<Kind>(['befriending', 'lunch_club', 'community_cafe', 'support_group', 'carers', 'parents_babies', 'bereavement', 'faith_culture', 'transport', 'general']);
    const oracleFilters: [SearchFilters, (e: Entry) => boolean][] = [
      [{}, () => true],
      [{ kinds: ['walking', 'lunch_club'] }, (e) => e.kinds[0] === 'walking' || e.kinds[0] === 'lunch_club'],
      [{ day: 'today' }, (e) => e.schedule.days.includes('we')],
      [{ freeOnly: true, ways: ['connect'] }, (e) => e.cost?.free === true && CONNECT_KINDS.has(e.kinds[0]!)],
      [{ kinds: ['transport'], day: 'weekend' }, (e) => e.kinds[0] === 'transport' && e.schedule.days.some((d) => d === 'sa' || d === 'su')],
    ];
    const accepted = oracleFilters.map(([, accepts]) => entries.map((_, i) => i).filter((i) => accepts(entries[i]!)));
    const mismatches: string[] = [];
    let compared = 0;
    for (let q = 0; q < 10_000; q++) {
      const lat = 53.0 + rnd() * 0.9;
      const lon = -1.9 + rnd() * 1.3;
      const f = q % oracleFilters.length;
      const result = searchNearby(directory, { latitude: lat, longitude: lon, filters: oracleFilters[f]![0], limit: 10 }, WEDNESDAY);

      const within20: { i: number; miles: number }[] = [];
      for (const i of accepted[f]!) {
        const miles = haversineMiles(lat, lon, lats[i]!, lons[i]!);
        if (miles <= 20) within20.push({ i, miles });
      }
      within20.sort((a, b) => a.miles - b.miles);
      let radius = 5;
      while (within20.filter((s) => s.miles <= radius).length < 3 && radius < 20) radius += 5;
      const expected = within20.filter((s) => s.miles <= radius).slice(0, 10);

      if (expected.length === 0) {
        if (result.status !== 'none_nearby') mismatches.push(`query ${q}: expected none_nearby`);
        continue;
      }
      if (result.status !== 'found' || result.radiusMiles !== radius || result.hits.length !== expected.length) {
        mismatches.push(`query ${q}: expected ${expected.length} within ${radius} mi, got ${JSON.stringify(result).slice(0, 200)}`);
        continue;
      }
      result.hits.forEach((hit, k) => {
        const want = expected[k]!;
        const sameId = hit.entry.id === entries[want.i]!.id;
        const sameDistance = Math.abs(hit.distanceMiles! - want.miles) < 1e-9;
        // Ids must match rank for rank, except between entries at the same distance (a tie has no order).
        if (!sameDistance || (!sameId && haversineMiles(lat, lon, lats[Number(hit.entry.id.slice(1))]!, lons[Number(hit.entry.id.slice(1))]!) - want.miles > 1e-9)) {
          mismatches.push(`query ${q} #${k}: got ${hit.entry.id} at ${hit.distanceMiles}, expected ${entries[want.i]!.id} at ${want.miles}`);
        }
      });
      compared++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(5000);
    // The brute-force oracle scans 10,000 entries per query; on a shared CI machine that takes a while.
  }, 120_000);
});

describe('searchNearby behaviour', () => {
  const rotherham = { latitude: 53.4302, longitude: -1.3568 };

  it('should widen step by step when fewer than three are within 5 miles, and say so', () => {
    const d = at([venue('a', 53.4302, -1.3568), venue('b', 53.4302 + 0.1, -1.3568), venue('c', 53.4302 + 0.2, -1.3568)]);
    // a: 0 mi, b: ~6.9 mi, c: ~13.8 mi
    const result = searchNearby(d, rotherham, WEDNESDAY);
    expect(result).toMatchObject({ status: 'found', radiusMiles: 15 });
    expect(result.status === 'found' && result.hits.map((h) => h.entry.id)).toEqual(['a', 'b', 'c']);
    // "a" is right here, so the list must not start "Nothing close".
    expect(result.status === 'found' && result.widenedTo).toBeUndefined();
    const far = searchNearby(at([venue('b', 53.4302 + 0.1, -1.3568), venue('c', 53.4302 + 0.2, -1.3568)]), rotherham, WEDNESDAY);
    expect(far).toMatchObject({ status: 'found', radiusMiles: 20, widenedTo: 20 });
    const close = searchNearby(at([venue('a', 53.43, -1.3568), venue('b', 53.431, -1.3568), venue('c', 53.432, -1.3568)]), rotherham, WEDNESDAY);
    expect(close).toMatchObject({ status: 'found', radiusMiles: 5 });
    expect(close.status === 'found' && close.widenedTo).toBeUndefined();
  });

  it('should return online/phone options when nothing is within 20 miles', () => {
    const phone = venue('phone', 0, 0, { locations: [{ mode: 'by_phone' }], kinds: ['befriending'] });
    const result = searchNearby(at([venue('far', 51.5, -0.12), phone]), rotherham, WEDNESDAY);
    expect(result).toMatchObject({ status: 'none_nearby', remote: [{ entry: { id: 'phone' }, match: 'remote', distanceMiles: null }] });
  });

  it('should count an entry with several venues once, at its nearest venue', () => {
    const twoVenues = venue('two', 0, 0, {
      locations: [
        { mode: 'in_person', town: 'A', latitude: 53.44, longitude: -1.3568 },
        { mode: 'in_person', town: 'B', latitude: 53.4305, longitude: -1.3568 },
      ],
    });
    const result = searchNearby(at([twoVenues, venue('x', 53.432, -1.3568), venue('y', 53.433, -1.3568)]), rotherham, WEDNESDAY);
    expect(result.status === 'found' && result.hits.map((h) => [h.entry.id, (h.location as { town: string }).town])).toEqual([
      ['two', 'B'],
      ['x', 'Testville'],
      ['y', 'Testville'],
    ]);
  });

  it('should page with offset and say when there is more', () => {
    const d = at(Array.from({ length: 7 }, (_, i) => venue(`v${i}`, 53.4302 + i * 0.001, -1.3568)));
    const first = searchNearby(d, rotherham, WEDNESDAY);
    const second = searchNearby(d, { ...rotherham, offset: 3 }, WEDNESDAY);
    const third = searchNearby(d, { ...rotherham, offset: 6 }, WEDNESDAY);
    expect(first.status === 'found' && [first.hits.map((h) => h.entry.id), first.more]).toEqual([['v0', 'v1', 'v2'], true]);
    expect(second.status === 'found' && second.hits.map((h) => h.entry.id)).toEqual(['v3', 'v4', 'v5']);
    expect(third.status === 'found' && [third.hits.map((h) => h.entry.id), third.more]).toEqual([['v6'], false]);
  });
});

describe('search filters on the demo directory (Wednesday)', () => {
  const demo = loadDemoDirectory();
  const maltby = { latitude: 53.4248, longitude: -1.2014 };
  const ids = (filters: SearchFilters, point = maltby, limit = 50) => {
    const r = searchNearby(demo, { ...point, filters, limit }, WEDNESDAY);
    return r.status === 'found' ? r.hits.map((h) => h.entry) : [];
  };

  it('should keep only the asked kinds or Five Ways way', () => {
    expect(ids({ kinds: ['lunch_club'] }).every((e) => e.kinds.includes('lunch_club'))).toBe(true);
    const active = ids({ ways: ['be_active'] });
    expect(active.length).toBeGreaterThan(3);
    expect(active.every((e) => e.kinds.some((k) => k === 'walking' || k === 'sport_exercise'))).toBe(true);
  });

  it('should read today, this week, weekend and weekdays from the injected clock', () => {
    expect(ids({ day: 'today' }).every((e) => e.schedule.days.includes('we'))).toBe(true);
    expect(ids({ day: 'weekend' }).every((e) => e.schedule.days.some((d) => d === 'sa' || d === 'su'))).toBe(true);
    expect(ids({ day: 'this_week' }).every((e) => e.schedule.days.some((d) => ['we', 'th', 'fr', 'sa', 'su'].includes(d)))).toBe(true);
    expect(ids({ day: 'this_week' }).some((e) => e.id === 'mal-walk')).toBe(true);
    expect(ids({ day: 'mo' }).every((e) => e.schedule.days.includes('mo'))).toBe(true);
    // 23:30 UTC on a summer Sunday is already Monday in London.
    const mondayInLondon = () => new Date('2026-07-05T23:30:00Z');
    const r = searchNearby(demo, { ...maltby, filters: { day: 'today' }, limit: 50 }, mondayInLondon);
    expect(r.status === 'found' && r.hits.every((h) => h.entry.schedule.days.includes('mo'))).toBe(true);
  });

  it('should filter free only, step-free, age and audiences', () => {
    expect(ids({ freeOnly: true }).every((e) => e.cost?.free)).toBe(true);
    expect(ids({ stepFree: true }).every((e) => e.accessibility.stepFree)).toBe(true);
    const youngMan = ids({ age: 20, audiences: ['men', 'young_people'] });
    expect(youngMan.every((e) => (e.eligibility.minAge ?? 0) <= 20 && (e.eligibility.maxAge ?? 200) >= 20)).toBe(true);
    expect(youngMan.every((e) => e.eligibility.audiences.length === 0 || e.eligibility.audiences.some((a) => a === 'men' || a === 'young_people'))).toBe(true);
    expect(youngMan.some((e) => e.id === 'mal-lunch')).toBe(false);
  });

  it('should find venues without coordinates by town, and area-wide services after local ones', () => {
    const dinnington = { latitude: 53.37, longitude: -1.21 };
    const r = searchNearby(demo, { ...dinnington, town: 'dinnington', limit: 100 }, WEDNESDAY);
    expect(r.status).toBe('found');
    if (r.status !== 'found') return;
    const town = r.hits.filter((h) => h.match === 'town');
    expect(town.map((h) => h.entry.id)).toEqual(['din-lunch']);
    expect(town[0]!.distanceMiles).toBeNull();
    const matches = r.hits.map((h) => h.match);
    expect(matches.indexOf('area_wide')).toBeGreaterThan(matches.lastIndexOf('nearby'));
    expect(r.hits.filter((h) => h.match === 'area_wide').map((h) => h.entry.id)).toContain('aw-transport');
  });

  it('should list online and phone activities for people who cannot get out, not by distance', () => {
    const r = searchRemote(demo, { kinds: ['befriending'] }, WEDNESDAY, { limit: 10 });
    expect(r.hits.map((h) => h.entry.id)).toEqual(['onl-befriend-call', 'onl-chat-line']);
    expect(r.hits.every((h) => h.distanceMiles === null && (h.location.mode === 'by_phone' || h.location.mode === 'online'))).toBe(true);
  });

  it('should find community transport near the resident', () => {
    expect(findCommunityTransport(demo, { latitude: 53.5026, longitude: -1.3439 }, WEDNESDAY)?.id).toBe('wath-dial');
  });
});

describe('groups a resident asks for', () => {
  const directory = at([
    venue('walk', 53.5, -1.3),
    venue('rainbow-walk', 53.5, -1.31, { eligibility: { audiences: ['lgbtq'] } }),
    venue('shed', 53.5, -1.32, { kinds: ['arts_crafts'], eligibility: { audiences: ['men'] } }),
    venue('choir', 53.5, -1.33, { kinds: ['arts_crafts'] }),
  ]);
  const ids = (filters: SearchFilters) => {
    const result = searchNearby(directory, { latitude: 53.5, longitude: -1.3, filters, limit: 10 }, WEDNESDAY);
    return result.status === 'found' ? result.hits.map((h) => h.entry.id) : [];
  };

  it('lists only services for that group', () => {
    expect(ids({ groups: ['lgbtq'] })).toEqual(['rainbow-walk']);
    expect(ids({ groups: ['men', 'lgbtq'] })).toEqual(['rainbow-walk', 'shed']);
  });

  it('with a kind named too, lists either (a resident naming two interests means any of them)', () => {
    expect(ids({ groups: ['men'], kinds: ['walking'] })).toEqual(['walk', 'rainbow-walk', 'shed']);
  });
});
