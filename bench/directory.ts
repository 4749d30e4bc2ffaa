import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildDirectory } from '../src/directory/directory.js';
import { importRecords } from '../src/directory/import-directory.js';
import { loadKindMapping } from '../src/directory/kind-mapping.js';
import { KINDS, WEEKDAYS, type Entry } from '../src/directory/model.js';
import { KM_PER_MILE, makeEntryFilter, searchNearby, type SearchFilters } from '../src/directory/search.js';
import { distance } from 'geokdbush';
import { seededRandom } from '../src/seeded-random.js';
import { fetchOrukServices } from '../src/directory/fetch-oruk-api.js';
import { loadRealServices, startOrukTestServer } from '../test/directory/oruk-test-server.js';

const rnd = seededRandom(7);
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
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
/**
 * Wall-clock time of each query. With `repeats` > 1 each query runs that many times and its fastest run counts:
 * a query that is slow is slow every time, while a run the OS scheduler interrupted (on a shared, loaded
 * machine) is not; so the p99 of per-query minimums is the search's own tail, and the raw p99 is shown beside it.
 */
const timeEach = (run: (q: (typeof queries)[number]) => unknown, repeats = 1, count = queries.length) => {
  for (const q of queries.slice(0, 200)) run(q); // warm up
  const times: number[] = [];
  for (const q of queries.slice(0, count)) {
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      run(q);
      best = Math.min(best, performance.now() - start);
    }
    times.push(best);
  }
  return times.sort((a, b) => a - b);
};

const search = (q: (typeof queries)[number]) => searchNearby(directory, { ...q, filters, limit: 10 }, clock);
const indexed = timeEach(search);
const indexedBest = timeEach(search, 3);
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
}, 1, 1_000); // the scan is ~2,000 times slower: 1,000 queries are plenty for its p50

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
let cpu = process.cpuUsage();
const imported = importRecords(services, { mapping, format: 'oruk3' });
const importSeconds = (performance.now() - t0) / 1000;
// CPU time used by this process: what the import costs, whatever else the machine is running.
const importCpuSeconds = cpuSecondsSince(cpu);
if (imported.status !== 'done' || imported.entries.length !== services.length) throw new Error('import bench: not every service imported');

const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const p50 = percentile(indexed, 0.5);
const p99 = percentile(indexed, 0.99);
const scanP50 = percentile(scanned, 0.5);
// Tail latencies and rates depend on what else the machine is doing; say so beside the figures.
console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} while measuring`);
console.log(`directory: ${N.toLocaleString('en-GB')} activities, index built in ${buildMs.toFixed(0)} ms`);
console.log(`filtered nearest-10 (connect/be_active, this week, free), ${queries.length} queries:`);
const p99Best = percentile(indexedBest, 0.99);
console.log(`  indexed  p50 ${fmt(p50)}  p99 ${fmt(p99)}   target p99 < 1 ms: ${p99 < 1 ? 'met' : 'MISSED'}`);
console.log(`  indexed, fastest of 3 runs per query (scheduler pauses removed): p50 ${fmt(percentile(indexedBest, 0.5))}  p99 ${fmt(p99Best)}   target p99 < 1 ms: ${p99Best < 1 ? 'met' : 'MISSED'}`);
console.log(`  scan     p50 ${fmt(scanP50)}  p99 ${fmt(percentile(scanned, 0.99))}   (first 1,000 queries)`);
console.log(`  indexed is ${(scanP50 / p50).toFixed(0)}x faster at p50`);
const rate = services.length / importSeconds;
const cpuRate = services.length / importCpuSeconds;
console.log(
  `import: ${services.length.toLocaleString('en-GB')} ORUK 3.0 services in ${importSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-GB')} services/s (${Math.round(cpuRate).toLocaleString('en-GB')} per CPU-second)   target >= 5,000/s: ${rate >= 5000 ? 'met' : cpuRate >= 5000 ? 'met per CPU-second, MISSED on the clock' : 'MISSED'}`,
);

// The real North Lincolnshire feed (738 services with long HTML descriptions, no taxonomy: every service is
// classified from its words), imported 5 times over: the rate a council's own feed gets.
const real = loadRealServices();
importRecords(real, { mapping, format: 'oruk1' }); // warm up
t0 = performance.now();
cpu = process.cpuUsage();
for (let i = 0; i < 5; i++) importRecords(real, { mapping, format: 'oruk1', councilArea: ['DN15'] });
const realRate = (5 * real.length) / ((performance.now() - t0) / 1000);
const realCpuRate = (5 * real.length) / cpuSecondsSince(cpu);
console.log(
  `import: the real North Lincolnshire feed (ORUK 1.0, HTML, no taxonomy) = ${Math.round(realRate).toLocaleString('en-GB')} services/s (${Math.round(realCpuRate).toLocaleString('en-GB')} per CPU-second)`,
);

// Live: 1,000 services (the real feed, topped up with copies under new ids) from a local ORUK API that takes
// 5 ms per request, as a database-backed API would; list pages of 100, then every detail, 8 at a time.
const LIVE = 1_000;
const liveServices = Array.from({ length: LIVE }, (_, i) => ({ ...real[i % real.length]!, id: `${String(real[i % real.length]!.id)}-${Math.floor(i / real.length)}` }));
const server = await startOrukTestServer({ services: liveServices, latencyMs: 5 });
const sequential = await (async () => {
  const started = performance.now();
  await fetchOrukServices(server.url, { concurrency: 1, fullRecords: true, perPage: 100, backoffMs: 50 });
  return (performance.now() - started) / 1000;
})();
t0 = performance.now();
const fetched = await fetchOrukServices(server.url, { concurrency: 8, perPage: 100, backoffMs: 50 });
if (fetched.status !== 'done' || fetched.failures.length) throw new Error('live bench: fetch failed');
const liveImport = importRecords(fetched.records, { mapping, councilArea: ['DN15'] });
const liveSeconds = (performance.now() - t0) / 1000;
await server.close();
if (liveImport.status !== 'done' || liveImport.entries.length !== LIVE) throw new Error('live bench: not every service imported');
console.log(
  `live import: ${LIVE.toLocaleString('en-GB')} services with details at concurrency 8 in ${liveSeconds.toFixed(1)} s (one at a time: ${sequential.toFixed(1)} s)   target < 30 s: ${liveSeconds < 30 ? 'met' : 'MISSED'}`,
);
