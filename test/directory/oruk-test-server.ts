import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURES } from './support.js';

/** North Lincolnshire's real ORUK 1.0 /services list (see fixtures/oruk-real/SOURCE.md). */
export function loadRealServices(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(`${FIXTURES}oruk-real/northlincs_oruk1_services_list_2024-12.json`, 'utf8'));
}

export interface OrukTestServerOptions {
  services?: Record<string, unknown>[];
  /** Answer this status (e.g. 500, 429) to the first N requests for a path, then behave. */
  failFirst?: { path: RegExp; status: number; times: number; retryAfterSeconds?: number };
  /** Every request for a matching path waits this long before answering (for timeouts). */
  stall?: { path: RegExp; ms: number };
  /** Simulated work per request, like a real API's database round trip. */
  latencyMs?: number;
  /** Some Spring APIs number pages from 0. */
  firstPage?: 0 | 1;
}

export interface OrukTestServer {
  url: string;
  requests: string[];
  /** Most requests open at the same moment. */
  maxInFlight: () => number;
  close: () => Promise<void>;
}

/**
 * A local ORUK 1.0 API built from the real feed: `/services?page&per_page` in Spring's page shape
 * (`content`, `totalPages`, `number`, `last`), and `/services/{id}` detail records made from each list item
 * the way a real detail endpoint adds to it: contacts with the phone from its description, a venue for
 * services whose description names one postcode, a weekly schedule for "every Tuesday" wording, -1 ages.
 */
export async function startOrukTestServer(options: OrukTestServerOptions = {}): Promise<OrukTestServer> {
  const services = options.services ?? loadRealServices();
  const byId = new Map(services.map((s) => [String(s.id), s]));
  const requests: string[] = [];
  const failures = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      inFlight--;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const answer = () => {
      const fail = options.failFirst;
      if (fail && fail.path.test(url.pathname)) {
        const seen = failures.get(url.pathname) ?? 0;
        failures.set(url.pathname, seen + 1);
        if (seen < fail.times) {
          return send(fail.status, { error: 'try later' }, fail.retryAfterSeconds ? { 'retry-after': String(fail.retryAfterSeconds) } : {});
        }
      }
      if (url.pathname === '/services') {
        const first = options.firstPage ?? 1;
        const page = Number(url.searchParams.get('page') ?? String(first));
        const size = Number(url.searchParams.get('per_page') ?? '50');
        const totalPages = Math.ceil(services.length / size);
        const index = page - first;
        const content = index < 0 ? [] : services.slice(index * size, (index + 1) * size);
        return send(200, { totalElements: services.length, totalPages, number: page, size, first: index === 0, last: index >= totalPages - 1, content });
      }
      const detail = /^\/services\/([^/]+)$/.exec(url.pathname);
      const service = detail ? byId.get(decodeURIComponent(detail[1]!)) : undefined;
      if (service) return send(200, detailOf(service));
      send(404, { error: 'not found' });
    };
    const delay = (options.stall && options.stall.path.test(url.pathname) ? options.stall.ms : 0) + (options.latencyMs ?? 0);
    if (delay) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const POSTCODE = /\b(DN\d{1,2}) ?(\d[A-Z]{2})\b/g;

/** What a detail endpoint adds to a list item, read from the item itself so the test data stays real. */
export function detailOf(service: Record<string, unknown>): Record<string, unknown> {
  const description = String(service.description ?? '');
  const text = description.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
  const phone = /(?:tel|call|phone)[:\s]+(0[\d ]{9,13}\d)/i.exec(text)?.[1];
  const postcodes = [...new Set([...text.matchAll(POSTCODE)].map((m) => `${m[1]} ${m[2]}`))];
  const tuesday = /every tuesday/i.test(text);
  return {
    ...service,
    contacts: phone ? [{ id: `${service.id}-c`, name: 'Enquiries', phones: [{ number: `Tel: ${phone}` }] }] : [],
    service_at_locations:
      postcodes.length === 1 ? [{ id: `${service.id}-l`, location: { id: `${service.id}-loc`, name: '', physical_addresses: [{ address_1: '', postal_code: postcodes[0] }] } }] : [],
    regular_schedules: tuesday ? [{ id: `${service.id}-s`, weekday: 2, opens_at: '10:00', closes_at: '12:00', freq: 'WEEKLY', interval: 1 }] : [],
    eligibilitys: [{ id: `${service.id}-e`, eligibility: 'All welcome', minimum_age: -1, maximum_age: -1 }],
  };
}
