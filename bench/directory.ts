import { performance } from 'node:perf_hooks';
import { buildDirectory } from '../src/directory/directory.js';
import { importRecords } from '../src/directory/import-directory.js';
import { loadKindMapping } from '../src/directory/kind-mapping.js';
import { KINDS, WEEKDAYS, type Entry } from '../src/directory/model.js';
import { KM_PER_MILE, makeEntryFilter, searchNearby, type SearchFilters } from '../src/directory/search.js';
import { distance } from 'geokdbush';
import { seededRandom } from '../src/seeded-random.js';

const rnd = seededRandom(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const clock = () => new Date('2026-11-25T09:00:00Z');

// 100,000 synthetic activities spread over Great Britain's populated latitudes.
const N = 100_000;
const entries: Entry[] = Array.from({ length: N }, (_, i) => ({
  id: `a${i}`,
  name: `Activity ${i}`,
  description: '',
  kinds: [pick(KINDS)],
  locations: [{ mode: 'in_person', town: 'Town', latitude: 50.5 + rnd() * 5, longitude: -4 + rnd() * 5.5 }],
  schedule: { days: WEEKDAYS.filter(() => rnd() < 0.3) },
  cost: rnd() < 0.6 ? { free: true } : { free: false, description: '£2' },
  eligibility: { audiences: [] },
  accessibility: { stepFree: rnd() < 0.7 },
  contact: {},
  sample: true,
}));
let t0 = performance.now();
const directory = buildDirectory({ entries, generatedAt: new Date().toISOString(), source: 'bench' });
const buildMs = performance.now() - t0;

const filters: SearchFilters = { ways: ['connect', 'be_active'], day: 'this_week', freeOnly: true };
const queries = Array.from({ length: 5_000 }, () => ({ latitude: 50.5 + rnd() * 5, longitude: -4 + rnd() * 5.5 }));
const timeEach = (run: (q: (typeof queries)[number]) => unknown) => {
  for (const q of queries.slice(0, 200)) run(q); // warm up
  const times: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    run(q);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
};

const indexed = timeEach((q) => searchNearby(directory, { ...q, filters, limit: 10 }, clock));
// Baseline: the same filtered nearest-10 within 5 miles by scanning every entry.
const accepts = makeEntryFilter(directory, filters, clock());
const maxKm = 5 * KM_PER_MILE;
const scanned = timeEach((q) => {
  const found: { i: number; km: number }[] = [];
  for (let i = 0; i < N; i++) {
    if (!accepts(i)) continue;
    const l = entries[i]!.locations[0] as { latitude: number; longitude: number };
    const km = distance(q.longitude, q.latitude, l.longitude, l.latitude);
    if (km <= maxKm) found.push({ i, km });
  }
  return found.sort((a, b) => a.km - b.km).slice(0, 10);
});

// Import: 10,000 ORUK 3.0 services shaped like the spec's service_full example.
const services = Array.from({ length: 10_000 }, (_, i) => ({
  id: `svc-${i}`,
  name: `Service <b>${i}</b>`,
  description: '<p>A friendly group &amp; a cuppa.</p>',
  url: 'https://example.org/s',
  email: 'hello@example.org',
  status: 'active',
  minimum_age: 18,
  organization: { id: 'o', name: 'Org' },
  schedules: [{ freq: 'WEEKLY', interval: 1, byday: 'MO,WE', opens_at: '10:00:00', closes_at: '12:00:00', description: 'Drop in' }],
  service_at_locations: [
    {
      location: {
        location_type: 'physical',
        name: 'Hall',
        latitude: 53.4 + rnd() * 0.1,
        longitude: -1.3 - rnd() * 0.1,
        addresses: [{ address_1: '1 High Street', city: 'Rotherham', postal_code: 'S60 1AA' }],
        accessibility: [{ description: 'Step-free entrance' }],
      },
    },
  ],
  cost_options: [{ option: 'All', amount: 2, amount_description: 'per session' }],
  contacts: [{ phones: [{ number: '0114 496 0000' }] }],
  attributes: [{ taxonomy_term: { id: 't', name: pick(['Lunch clubs', 'Walking', 'Befriending', 'Knitting']) } }],
}));
const mapping = loadKindMapping();
importRecords(services.slice(0, 500), { mapping, format: 'oruk3' }); // warm up
t0 = performance.now();
const imported = importRecords(services, { mapping, format: 'oruk3' });
const importSeconds = (performance.now() - t0) / 1000;
if (imported.status !== 'done' || imported.entries.length !== services.length) throw new Error('import bench: not every service imported');

const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const p50 = percentile(indexed, 0.5);
const p99 = percentile(indexed, 0.99);
const scanP50 = percentile(scanned, 0.5);
console.log(`directory: ${N.toLocaleString('en-GB')} activities, index built in ${buildMs.toFixed(0)} ms`);
console.log(`filtered nearest-10 (connect/be_active, this week, free), ${queries.length} queries:`);
console.log(`  indexed  p50 ${fmt(p50)}  p99 ${fmt(p99)}   target p99 < 1 ms: ${p99 < 1 ? 'met' : 'MISSED'}`);
console.log(`  scan     p50 ${fmt(scanP50)}  p99 ${fmt(percentile(scanned, 0.99))}`);
console.log(`  indexed is ${(scanP50 / p50).toFixed(0)}x faster at p50`);
const rate = services.length / importSeconds;
console.log(
  `import: ${services.length.toLocaleString('en-GB')} ORUK 3.0 services in ${importSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-GB')} services/s   target >= 5,000/s: ${rate >= 5000 ? 'met' : 'MISSED'}`,
);
