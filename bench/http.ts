/**
 * npm run bench:http — signed Twilio webhooks from 1,000 distinct senders walking the check-in, against the
 * real server (real Redis, signature checks on); in the same run, a baseline route that only checks the
 * signature and returns static TwiML. After a warm-up, baseline and turns alternate for BENCH_ROUNDS rounds
 * (default 3): each round's requests/s and p50/p99 with 50 connections kept busy and their ratio, then the
 * medians; then Redis memory per idle conversation (MEMORY USAGE). BENCH_WORKERS=2 runs the
 * server as two cluster workers, one per core, as WORKERS=2 does in production. (autocannon's fixed-rate mode
 * sends in bursts, giving even the static baseline a p99 over 100 ms, so latency is measured under this load.)
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server.js';
import { fmt } from './stats.js';
import { BENCH_ADMIN_TOKEN as ADMIN_TOKEN, createWebhookLoad, median, resultLine as line, SENDERS, startBenchServer, stopBenchServer } from './webhook-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PORT = 3400 + Math.floor(Math.random() * 500);

const redis = await startRedisServer();
const server = await startBenchServer(PORT, {
  REDIS_URL: redis.url,
  WORKERS: String(WORKERS),
  // Callback records: embedded PGlite in a folder of this run's (BENCH_WORKERS=2 needs DATABASE_URL set instead).
  PGLITE_DIR: process.env.PGLITE_DIR ?? join(tmpdir(), `signpost-bench-http-${process.pid}`),
});
const { run } = createWebhookLoad({ port: PORT, seconds: SECONDS });

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

try {
  console.log(
    `Signpost HTTP benchmark: ${SENDERS} senders walking the check-in, ${WORKERS} server process(es), real Redis, signatures on, ${ROUNDS} rounds of baseline then turns, ${SECONDS} s per run, ${CONNECTIONS} connections kept busy, Node ${process.version}, 2 cores shared with the load generator and Redis`,
  );
  await run('/twilio/messages', { connections: CONNECTIONS, expectedRate: 4000 });
  // With BENCH_PROFILE the server's profile should show turns only.
  if (process.env.BENCH_PROFILE) throw new Error('profile written (turns only)');
  const client = new Redis(redis.url);
  // Baseline and turns alternate, so a slower spell of this shared machine touches both alike.
  const rounds: Array<{ baseline: autocannon.Result; turns: autocannon.Result; redisCpuPerTurn: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const baseline = await run('/bench/baseline', { connections: CONNECTIONS, expectedRate: 10000 });
    const redisCpuBefore = await redisCpuSeconds(client);
    const turns = await run('/twilio/messages', { connections: CONNECTIONS, expectedRate: 4000 });
    const redisCpuPerTurn = ((await redisCpuSeconds(client)) - redisCpuBefore) / turns.requests.total;
    rounds.push({ baseline, turns, redisCpuPerTurn });
    console.log(`\nround ${round}:`);
    console.log(line('  baseline: signature + static TwiML', baseline));
    console.log(line('  webhook: full conversation turn', turns));
    console.log(`  ratio ${fmt((turns.requests.average / baseline.requests.average) * 100, 1)}%; redis-server CPU per turn ${fmt(redisCpuPerTurn * 1e6, 0)} µs; server heap in use ${await serverHeapMb()} MB`);
  }
  const mid = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const turnsPerSecond = mid((r) => r.turns.requests.average);
  const turnsP99 = mid((r) => r.turns.latency.p99);
  const ratio = mid((r) => r.turns.requests.average / r.baseline.requests.average);
  console.log(`\nmedian of ${ROUNDS} rounds:`);
  console.log(`  baseline: signature + static TwiML       ${fmt(mid((r) => r.baseline.requests.average), 0).padStart(7)} req/s   p50 ${fmt(mid((r) => r.baseline.latency.p50), 1).padStart(5)} ms   p99 ${fmt(mid((r) => r.baseline.latency.p99), 1).padStart(5)} ms`);
  console.log(`  webhook: full conversation turn          ${fmt(turnsPerSecond, 0).padStart(7)} req/s   p50 ${fmt(mid((r) => r.turns.latency.p50), 1).padStart(5)} ms   p99 ${fmt(turnsP99, 1).padStart(5)} ms`);
  console.log(`  ratio: turns reach ${fmt(ratio * 100, 1)}% of the baseline's throughput (median of the rounds' ratios)`);
  console.log(`  redis-server CPU per turn: ${fmt(mid((r) => r.redisCpuPerTurn) * 1e6, 0)} µs (on the same cores as the server)`);

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
    `targets: >= 2,000 turns/s ${turnsPerSecond >= 2000 ? 'MET' : 'MISSED'}; p99 < 50 ms ${turnsP99 < 50 ? 'MET' : 'MISSED'}; >= 50% of baseline ${ratio >= 0.5 ? 'MET' : 'MISSED'}; <= 1.5 KB per idle conversation ${Math.max(...sizes) <= 1536 ? 'MET' : 'MISSED'}`,
  );
} finally {
  await stopBenchServer(server);
  await redis.stop();
}
