/**
 * npm run bench:http — signed Twilio webhooks from 1,000 distinct senders walking the check-in, against the
 * real server (real Redis, signature checks on, logs at info written to a file as production writes them);
 * in the same run, two baselines answering static TwiML: express checking the signature, and bare node:http.
 * After a warm-up, the three alternate for BENCH_ROUNDS rounds (default 3): each run's requests/s, p50/p99
 * with 50 connections kept busy, and the server's CPU per request (process.cpuUsage of the server process,
 * before and after the run); then the medians and ratios, then Redis memory per idle conversation (MEMORY
 * USAGE). BENCH_WORKERS=2 runs the server as two cluster workers, one per core, as WORKERS=2 does in production
 * (CPU per request is then not measured: each worker counts its own). (autocannon's fixed-rate mode sends in
 * bursts, giving even the static baseline a p99 over 100 ms, so latency is measured under this load.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { startRedisServer } from '../test/support/redis-server.js';
import { fmt } from './stats.js';

const SENDERS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PORT = 3400 + Math.floor(Math.random() * 500);
const TOKEN = 'bench-auth-token-0123456789';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const PUBLIC = 'https://signpost.example.gov.uk';
const root = fileURLToPath(new URL('..', import.meta.url));

const redis = await startRedisServer();
// The server runs with the Node flags the Dockerfile gives it.
const NODE_FLAGS = (process.env.BENCH_NODE_OPTIONS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
// The server's logs at info, as in production, written to a file (what a log shipper would read).
const LOG_FILE = process.env.BENCH_LOG_FILE ?? join(tmpdir(), `signpost-bench-http-${process.pid}.log`);
const logFd = openSync(LOG_FILE, 'w');
const server = spawn(process.execPath, [...NODE_FLAGS, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.test-output/profile'] : []), 'bench/http-server.mjs'], {
  cwd: root,
  stdio: ['ignore', logFd, 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: TOKEN,
    ID_SECRET: 'bench-id-secret-0123456789',
    ADMIN_TOKEN,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'info',
    WORKERS: String(WORKERS),
    // Callback records: embedded PGlite in a folder of this run's (BENCH_WORKERS=2 needs DATABASE_URL set instead).
    CALLBACK_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    PGLITE_DIR: process.env.PGLITE_DIR ?? join(tmpdir(), `signpost-bench-http-${process.pid}`),
    // Each of the 1,000 senders sends a turn every half second or so here: far past a resident's flood budget.
    // The budget is still checked on every turn (its round trip is measured); it just never runs out.
    FLOOD_BURST: '1000',
    FLOOD_REFILL_SECONDS: '0.1',
  },
});
server.once('exit', (code) => {
  if (code) console.error(`server exited (${code})`);
});
for (let tries = 0; ; tries++) {
  const up = await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.ok, () => false);
  if (up) break;
  if (tries > 300 || server.exitCode !== null) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

/** One answer after another, as a resident walking the check-in again and again would send them. */
function walk(step: number, seed: number): string {
  if (step === 0) return 'hi';
  const cycle = ['1', 'a3', 'a3', 'a3', 'a5', 'a11', 'a3', 'menu'];
  const entry = cycle[(step - 1) % cycle.length]!;
  return entry.startsWith('a') ? String(1 + ((seed + step) % Number(entry.slice(1)))) : entry;
}

type Prepared = { body: string; signature: string };
let sid = 0;
/**
 * Signed requests made before the clock starts, so the load generator (on the same two cores) spends its time
 * sending. Round by round across all senders: one person's next message comes 1,000 requests after their last,
 * so their messages are never in flight together, and every request is a new message (no retries).
 */
function prepare(path: string, total: number): Prepared[] {
  return Array.from({ length: total }, (_, i) => {
    const sender = i % SENDERS;
    const step = Math.floor(i / SENDERS);
    const form = {
      MessageSid: `SM${(sid++).toString(16).padStart(32, '0')}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: `+4477009${String(sender).padStart(5, '0')}`,
      To: '+447700900000',
      Body: walk(step, sender),
      NumMedia: '0',
    };
    return { body: new URLSearchParams(form).toString(), signature: twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, form) };
  });
}

/** Senders carry on where they were in the next run, rather than saying "hi" again. */
const walkedSoFar = new Map<string, number>();

function run(path: string, options: { connections: number; expectedRate: number }): Promise<autocannon.Result> {
  const total = Math.ceil(options.expectedRate * SECONDS * 1.5);
  const offset = walkedSoFar.get(path) ?? 0;
  const prepared = prepare(path, total + offset).slice(offset);
  let cursor = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${PORT}`,
        connections: options.connections,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            path,
            setupRequest: (req: autocannon.Request) => {
              const { body, signature } = prepared[cursor++ % prepared.length]!;
              return { ...req, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
            },
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        walkedSoFar.set(path, offset + Math.floor(cursor / SENDERS) * SENDERS);
        if (cursor > prepared.length) console.warn(`  (warning: ${path} ran out of prepared requests and repeated some)`);
        return error ? reject(error) : resolve(result);
      },
    );
  });
}

/** CPU time redis-server has used so far (INFO cpu), user and system. */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** The server's heap in use, from its own /metrics, so a leak across rounds shows. */
async function serverHeapMb(): Promise<string> {
  const text = await fetch(`http://127.0.0.1:${PORT}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.text());
  const bytes = Number(/^signpost_nodejs_heap_size_used_bytes ([\d.e+]+)/m.exec(text)?.[1]);
  return Number.isFinite(bytes) ? fmt(bytes / 1e6, 0) : '?';
}

/** CPU time (user + system, µs) the server process has used so far; NaN with several workers. */
async function serverCpuMicros(): Promise<number> {
  if (WORKERS > 1) return Number.NaN;
  const { micros } = (await fetch(`http://127.0.0.1:${PORT}/bench/cpu`).then((r) => r.json())) as { micros: number };
  return micros;
}

/** The middle value (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Measured = { result: autocannon.Result; cpuPerRequest: number };
/** One run, with the server's CPU per request over it (the CPU probe itself is two requests: negligible). */
async function measured(path: string, expectedRate: number): Promise<Measured> {
  const before = await serverCpuMicros();
  const result = await run(path, { connections: CONNECTIONS, expectedRate });
  return { result, cpuPerRequest: ((await serverCpuMicros()) - before) / result.requests.total };
}

function line(label: string, m: Measured): string {
  const r = m.result;
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${label.padEnd(46)} ${fmt(r.requests.average, 0).padStart(7)} req/s   p50 ${fmt(r.latency.p50, 1).padStart(5)} ms   p99 ${fmt(r.latency.p99, 1).padStart(5)} ms   server CPU ${fmt(m.cpuPerRequest, 0).padStart(4)} µs/request   (${r.requests.total.toLocaleString('en-GB')} requests, ${bad} not 2xx)`;
}

const BASELINES = [
  { path: '/bench/bare', label: 'bare node:http, static TwiML', rate: 15000 },
  { path: '/bench/baseline', label: 'express + signature, static TwiML', rate: 10000 },
] as const;

try {
  console.log(
    `Signpost HTTP benchmark: ${SENDERS} senders walking the check-in, ${WORKERS} server process(es), real Redis, signatures on, logs at info to ${LOG_FILE}, ${ROUNDS} rounds of the two baselines then turns, ${SECONDS} s per run, ${CONNECTIONS} connections kept busy, Node ${process.version}, 2 cores shared with the load generator and Redis; load average ${loadavg().map((l) => fmt(l, 1)).join(' ')}`,
  );
  await run('/twilio/messages', { connections: CONNECTIONS, expectedRate: 4000 });
  // With BENCH_PROFILE the server's profile should show turns only.
  if (process.env.BENCH_PROFILE) throw new Error('profile written (turns only)');
  const client = new Redis(redis.url);
  // Baselines and turns alternate, so a slower spell of this shared machine touches all alike.
  const rounds: Array<{ bare: Measured; express: Measured; turns: Measured; redisCpuPerTurn: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const bare = await measured(BASELINES[0].path, BASELINES[0].rate);
    const express = await measured(BASELINES[1].path, BASELINES[1].rate);
    const redisCpuBefore = await redisCpuSeconds(client);
    const turns = await measured('/twilio/messages', 4000);
    const redisCpuPerTurn = ((await redisCpuSeconds(client)) - redisCpuBefore) / turns.result.requests.total;
    rounds.push({ bare, express, turns, redisCpuPerTurn });
    console.log(`\nround ${round}:`);
    console.log(line(`  baseline: ${BASELINES[0].label}`, bare));
    console.log(line(`  baseline: ${BASELINES[1].label}`, express));
    console.log(line('  webhook: full conversation turn', turns));
    console.log(`  turns reach ${fmt((turns.result.requests.average / express.result.requests.average) * 100, 1)}% of the express baseline, ${fmt((turns.result.requests.average / bare.result.requests.average) * 100, 1)}% of bare node:http; redis-server CPU per turn ${fmt(redisCpuPerTurn * 1e6, 0)} µs; server heap in use ${await serverHeapMb()} MB`);
  }
  const mid = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const summary = (label: string, pick: (r: (typeof rounds)[number]) => Measured) =>
    `  ${label.padEnd(46)} ${fmt(mid((r) => pick(r).result.requests.average), 0).padStart(7)} req/s   p50 ${fmt(mid((r) => pick(r).result.latency.p50), 1).padStart(5)} ms   p99 ${fmt(mid((r) => pick(r).result.latency.p99), 1).padStart(5)} ms   server CPU ${fmt(mid((r) => pick(r).cpuPerRequest), 0).padStart(4)} µs/request`;
  const turnsPerSecond = mid((r) => r.turns.result.requests.average);
  const turnsP99 = mid((r) => r.turns.result.latency.p99);
  const cpuPerTurn = mid((r) => r.turns.cpuPerRequest);
  const ratio = mid((r) => r.turns.result.requests.average / r.express.result.requests.average);
  const bareRatio = mid((r) => r.turns.result.requests.average / r.bare.result.requests.average);
  console.log(`\nmedian of ${ROUNDS} rounds:`);
  console.log(summary(`baseline: ${BASELINES[0].label}`, (r) => r.bare));
  console.log(summary(`baseline: ${BASELINES[1].label}`, (r) => r.express));
  console.log(summary('webhook: full conversation turn', (r) => r.turns));
  console.log(`  ratio: turns reach ${fmt(ratio * 100, 1)}% of the express baseline's throughput, ${fmt(bareRatio * 100, 1)}% of bare node:http's (medians of the rounds' ratios)`);
  console.log(`  server CPU per turn ${fmt(cpuPerTurn, 0)} µs = ${fmt(cpuPerTurn / mid((r) => r.express.cpuPerRequest), 1)}x the express baseline's per request, ${fmt(cpuPerTurn / mid((r) => r.bare.cpuPerRequest), 1)}x bare node:http's`);
  console.log(`  redis-server CPU per turn: ${fmt(mid((r) => r.redisCpuPerTurn) * 1e6, 0)} µs (on the same cores as the server)`);
  console.log(`  server log: ${fmt(statSync(LOG_FILE).size / 1e6, 1)} MB written to ${LOG_FILE}`);

  const sizes: number[] = [];
  const lengths: number[] = [];
  for await (const keys of client.scanStream({ match: 'sp:*:session', count: 1000 })) {
    for (const key of keys as string[]) {
      if (sizes.length >= 1000) break;
      sizes.push(Number(await client.memory('USAGE', key)));
      lengths.push(await client.strlen(key));
    }
  }
  client.disconnect();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  console.log(`\nredis memory per idle conversation (MEMORY USAGE of its session key, ${sizes.length} conversations): mean ${fmt(mean(sizes), 0)} bytes, max ${Math.max(...sizes)} bytes (session JSON mean ${fmt(mean(lengths), 0)}, max ${Math.max(...lengths)} bytes)`);
  console.log(
    `targets: server CPU per turn <= 250 µs ${cpuPerTurn <= 250 ? 'MET' : Number.isNaN(cpuPerTurn) ? 'not measured' : 'MISSED'}; turns/s >= 80% of the express baseline ${ratio >= 0.8 ? 'MET' : 'MISSED'}; >= 2,000 turns/s ${turnsPerSecond >= 2000 ? 'MET' : 'MISSED'}; p99 < 50 ms ${turnsP99 < 50 ? 'MET' : 'MISSED'}; <= 1.5 KB per idle conversation ${Math.max(...sizes) <= 1536 ? 'MET' : 'MISSED'} (load average now ${fmt(loadavg()[0]!, 1)})`,
  );
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit').catch(() => {});
  closeSync(logFd);
  await redis.stop();
}
