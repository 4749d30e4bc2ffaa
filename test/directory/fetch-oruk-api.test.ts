import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOrukServices } from '../../src/directory/fetch-oruk-api.js';
import { importRecords } from '../../src/directory/import-directory.js';
import { loadGeoData } from '../../src/directory/geo-data.js';
import { startOrukTestServer, type OrukTestServer } from './oruk-test-server.js';
import { mapping } from './support.js';

let server: OrukTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const quick = { backoffMs: 5, timeoutMs: 2000 };

describe('live ORUK API import, from a local server serving the real North Lincolnshire feed', () => {
  it('should page through /services, fetch every detail with bounded concurrency, and import them', async () => {
    server = await startOrukTestServer({ latencyMs: 2 });
    const progress: number[] = [];
    const fetched = await fetchOrukServices(server.url, {
      perPage: 100,
      concurrency: 8,
      ...quick,
      onProgress: ({ phase, done }) => {
        if (phase === 'details') progress.push(done);
      },
    });
    if (fetched.status !== 'done') throw new Error(fetched.reason);
    expect(server.requests.filter((r) => r.startsWith('/services?'))).toEqual(
      Array.from({ length: 8 }, (_, i) => `/services?page=${i + 1}&per_page=100`),
    );
    expect(server.requests.filter((r) => r.startsWith('/services/'))).toHaveLength(738);
    expect(fetched.failures).toEqual([]);
    expect(progress.at(-1)).toBe(738);
    expect(server.maxInFlight()).toBeLessThanOrEqual(8);

    const result = importRecords(fetched.records, { mapping, councilArea: ['DN15', 'DN16'], geo: loadGeoData() });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.entries).toHaveLength(738);
    // Details bring a labelled contact phone, -1 ages (no limit) and "All welcome" eligibility.
    const experts = result.entries.find((e) => e.id === 'e7b7dd78-7122-3026-e33f-2d7fd15316b5')!;
    expect(experts.contact.phone).toBe('01724 296394');
    expect(experts.eligibility).toMatchObject({ notes: 'All welcome' });
    expect(experts.eligibility.minAge).toBeUndefined();
    // A venue given only by postcode is placed at its district, and marked approximate.
    const placed = result.entries.flatMap((e) => e.locations).filter((l) => l.mode === 'in_person');
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.every((l) => l.mode === 'in_person' && l.latitude !== undefined && l.approximate === true)).toBe(true);
  });

  it('should not miss page 0 of an API that numbers its pages from 0', async () => {
    const services = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    server = await startOrukTestServer({ services, firstPage: 0 });
    const fetched = await fetchOrukServices(server.url, { perPage: 2, fullRecords: false, ...quick });
    expect(fetched.status === 'done' && fetched.records.map((r) => (r as { id: string }).id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('should keep at most `concurrency` detail requests in flight', async () => {
    const services = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}`, description: '' }));
    server = await startOrukTestServer({ services, latencyMs: 20 });
    const fetched = await fetchOrukServices(server.url, { concurrency: 4, ...quick });
    expect(fetched.status).toBe('done');
    expect(server.maxInFlight()).toBe(4);
  });

  it('should retry a 500 and a 429 (honouring Retry-After) and then succeed', async () => {
    const services = [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }];
    server = await startOrukTestServer({ services, failFirst: { path: /^\/services\/a$/, status: 500, times: 2 } });
    const fetched = await fetchOrukServices(server.url, quick);
    expect(fetched.status === 'done' && fetched.failures).toEqual([]);
    expect(server.requests.filter((r) => r === '/services/a')).toHaveLength(3);
    await server.close();

    server = await startOrukTestServer({ services, failFirst: { path: /^\/services$/, status: 429, times: 1, retryAfterSeconds: 1 } });
    const started = Date.now();
    const again = await fetchOrukServices(server.url, quick);
    expect(again.status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('should stop with one clear reason when the list keeps failing or times out', async () => {
    server = await startOrukTestServer({ failFirst: { path: /^\/services$/, status: 500, times: 99 } });
    expect(await fetchOrukServices(server.url, { ...quick, retries: 2 })).toEqual({
      status: 'fatal',
      reason: `page 1 of the service list: HTTP 500 from ${server.url}/services?page=1&per_page=100`,
    });
    await server.close();
    server = await startOrukTestServer({ stall: { path: /^\/services$/, ms: 1000 } });
    expect(await fetchOrukServices(server.url, { ...quick, timeoutMs: 100, retries: 1 })).toEqual({
      status: 'fatal',
      reason: `page 1 of the service list: no answer within 0.1 s from ${server.url}/services?page=1&per_page=100`,
    });
  });

  it('should fall back to the list entry when a detail keeps failing, and say so', async () => {
    const services = [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }];
    server = await startOrukTestServer({ services, failFirst: { path: /^\/services\/b$/, status: 503, times: 99 } });
    const fetched = await fetchOrukServices(server.url, { ...quick, retries: 1 });
    if (fetched.status !== 'done') throw new Error(fetched.reason);
    expect(fetched.records.map((r) => (r as { id: string }).id)).toEqual(['a', 'b']);
    expect(fetched.failures).toEqual([{ id: 'b', reason: `HTTP 503 from ${server.url}/services/b; its list entry was used instead` }]);
  });

  it('should resume from its cache: a second run fetches only the details it does not have', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'oruk-cache-'));
    const services = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    // The first run is cut short for ten services (each fails once), as if the connection dropped.
    server = await startOrukTestServer({ services, failFirst: { path: /^\/services\/s1\d$/, status: 500, times: 1 } });
    const first = await fetchOrukServices(server.url, { ...quick, retries: 0, cacheDir });
    expect(first.status === 'done' && first.failures).toHaveLength(10);
    const before = server.requests.length;

    const second = await fetchOrukServices(server.url, { ...quick, retries: 0, cacheDir });
    if (second.status !== 'done') throw new Error(second.reason);
    expect(second.failures).toEqual([]);
    expect(second.fromCache).toBe(20);
    expect(server.requests.slice(before).filter((r) => r.startsWith('/services/')).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `/services/s1${i}`),
    );
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });
});
