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
import { statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startRedisServer } from '../test/support/redis-server.js';
import { fmt } from './stats.js';
import { BASELINES, createWebhookLoad, median, resultLine, SENDERS, startBenchServer, type Measured } from './webhook-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const LOG_FILE = process.env.BENCH_LOG_FILE ?? join(tmpdir(), `signpost-bench-http-${process.pid}.log`);

const redis = await startRedisServer();
const server = await startBenchServer({
  port: await freePort(),
  logFile: LOG_FILE,
  env: {
    REDIS_URL: redis.url,
    WORKERS: String(WORKERS),
    // Callback records: embedded PGlite in a folder of this run's (BENCH_WORKERS=2 needs DATABASE_URL set instead).
    PGLITE_DIR: process.env.PGLITE_DIR ?? join(tmpdir(), `signpost-bench-http-${process.pid}`),
  },
}).catch(async (error: unknown) => {
  await redis.stop();
  throw error;
});
const load = createWebhookLoad({ server, seconds: SECONDS, connections: CONNECTIONS });

/** CPU time redis-server has used so far (INFO cpu), user and system. */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

try {
  console.log(
    `Signpost HTTP benchmark: ${SENDERS} senders walking the check-in, ${WORKERS} server process(es), real Redis, signatures on, logs at info to ${LOG_FILE}, ${ROUNDS} rounds of the two baselines then turns, ${SECONDS} s per run, ${CONNECTIONS} connections kept busy, Node ${process.version}, 2 cores shared with the load generator and Redis; load average ${loadavg().map((l) => fmt(l, 1)).join(' ')}`,
  );
  await load.run('/twilio/messages', 4000);
  // With BENCH_PROFILE the server's profile should show turns only.
  if (process.env.BENCH_PROFILE) throw new Error('profile written (turns only)');
  const client = new Redis(redis.url);
  // Baselines and turns alternate, so a slower spell of this shared machine touches all alike.
  const rounds: Array<{ bare: Measured; express: Measured; turns: Measured; redisCpuPerTurn: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const bare = await load.measure(BASELINES.bare.path, BASELINES.bare.rate);
    const express = await load.measure(BASELINES.express.path, BASELINES.express.rate);
    const redisCpuBefore = await redisCpuSeconds(client);
    const turns = await load.measure('/twilio/messages', 4000);
    const redisCpuPerTurn = ((await redisCpuSeconds(client)) - redisCpuBefore) / turns.result.requests.total;
    rounds.push({ bare, express, turns, redisCpuPerTurn });
    console.log(`\nround ${round}:`);
    console.log(resultLine(`  baseline: ${BASELINES.bare.label}`, bare));
    console.log(resultLine(`  baseline: ${BASELINES.express.label}`, express));
    console.log(resultLine('  webhook: full conversation turn', turns));
    console.log(`  turns reach ${fmt((turns.result.requests.average / express.result.requests.average) * 100, 1)}% of the express baseline, ${fmt((turns.result.requests.average / bare.result.requests.average) * 100, 1)}% of bare node:http; redis-server CPU per turn ${fmt(redisCpuPerTurn * 1e6, 0)} µs; server heap in use ${await server.heapMb()} MB`);
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
  console.log(summary(`baseline: ${BASELINES.bare.label}`, (r) => r.bare));
  console.log(summary(`baseline: ${BASELINES.express.label}`, (r) => r.express));
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
  await server.stop();
  await redis.stop();
}
