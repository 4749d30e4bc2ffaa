import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { fuzzedRequest, STACK_TRACE, toHttpRequest } from '../support/fuzz-requests.js';
import { buildTestApp } from '../support/test-server.js';

/**
 * Property: whatever a client sends to the webhooks, signed or not, the answer is never a 5xx and never shows
 * a stack trace, and nothing is logged as unexpected. 10,000 generated requests over real HTTP.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('fuzzing the webhooks', () => {
  let harness: Awaited<ReturnType<typeof buildTestApp>>;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    harness = await buildTestApp(new MemoryStore());
    server = createHttpServer(harness.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`answers ${RUNS.toLocaleString('en-GB')} generated requests, signed and unsigned, with no 5xx and no stack trace`, async () => {
    const statuses = new Map<number, number>();
    let signedAccepted = 0;
    await fc.assert(
      fc.asyncProperty(fuzzedRequest, async (r) => {
        const { path, headers, body } = toHttpRequest(r);
        const res = await fetch(base + path, { method: 'POST', headers, body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (r.signed && res.status < 300) signedAccepted += 1;
        expect(res.status, `${r.path} ${JSON.stringify(headers)} ${body.slice(0, 200)}`).toBeLessThan(500);
        expect(text).not.toMatch(STACK_TRACE);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const logs = harness.logs.join('');
    expect(logs).not.toContain('unexpected error');
    expect(logs).not.toMatch(/"stack"/);
    console.info(`fuzz: ${RUNS} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${signedAccepted} signed ones accepted`);
    // The generator must reach the conversation too, not only the front door.
    expect(signedAccepted).toBeGreaterThan(0);
  }, 180_000);
});
