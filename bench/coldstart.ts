/**
 * npm run bench:coldstart — how long the compiled build (`node dist/main.js`, as the Docker image runs it) takes
 * from spawn to a 200 from /healthz, configured as production is (NODE_ENV=production, Redis, signatures on),
 * beside a baseline in the same run: bare `node` starting a node:http server that answers /healthz at once.
 * Baseline and server alternate for BENCH_ROUNDS rounds (default 5); medians and the difference are printed.
 * Records: DATABASE_URL when set (PostgreSQL, as in production), else embedded PGlite in a folder of this run's.
 * Beside the wall time, the CPU time the process had used when it was healthy (/proc/<pid>/stat, all threads):
 * on a loaded machine the wall time mostly measures the other processes, the CPU time mostly the start's own work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../test/support/redis-server.js';
import { freePort } from './free-port.js';
import { fmt, percentiles } from './stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 1000;
const POLL_MS = 5;
// The Node flags the Dockerfile runs the server with.
const NODE_FLAGS = ['--max-semi-space-size=32'];
const root = fileURLToPath(new URL('..', import.meta.url));
const BARE_SERVER = "require('node:http').createServer((q, s) => s.end('{\"status\":\"ok\"}')).listen(Number(process.env.PORT), '127.0.0.1')";

const redis = await startRedisServer();
const pgliteRoot = mkdtempSync(join(tmpdir(), 'signpost-coldstart-'));

function productionEnv(round: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'https://signpost.example.gov.uk',
    TWILIO_AUTH_TOKEN: 'bench-auth-token-0123456789',
    ID_SECRET: 'bench-id-secret-0123456789',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    CALLBACK_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    PGLITE_DIR: join(pgliteRoot, String(round)),
  };
}

// Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Node runs on.
const CLOCK_TICKS = 100;

/** CPU milliseconds (user + system, every thread) a running process has used: fields 14 and 15 of /proc/<pid>/stat. */
function cpuMsOf(pid: number): number {
  // Counted from the field after the command name (field 3), utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Wall and CPU milliseconds from spawn to the first 200 from /healthz; the process is stopped afterwards. */
async function timeToHealthy(args: string[], env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}) before it was healthy`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return { wall: performance.now() - started, cpu: cpuMsOf(child.pid!) };
      if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')} was not healthy within 60 s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    // Stopped as a deployment stops it (SIGTERM, a clean shutdown), so the next round starts as the only
    // instance: a killed one stays listed in Redis for ~3 s, and a server that finds another listed waits ~2 s
    // for it before it takes requests (README, ORDER_SETTLE_MS).
    // One that already exited (it failed) has nothing to wait for.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  }
}

try {
  const records = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
  console.log(`Signpost cold start: spawn to a 200 from /healthz, ${ROUNDS} rounds, Node ${process.version}, production settings, real Redis, records in ${records}; load average ${loadavg().map((l) => fmt(l, 1)).join(' ')}`);
  const bare: { wall: number; cpu: number }[] = [];
  const server: { wall: number; cpu: number }[] = [];
  const show = (t: { wall: number; cpu: number }) => `${fmt(t.wall, 0).padStart(6)} ms (CPU ${fmt(t.cpu, 0).padStart(5)} ms)`;
  for (let round = 1; round <= ROUNDS; round++) {
    bare.push(await timeToHealthy(['-e', BARE_SERVER], process.env));
    server.push(await timeToHealthy(['dist/main.js'], productionEnv(round)));
    console.log(`round ${round}: baseline (bare node:http) ${show(bare.at(-1)!)}   node dist/main.js ${show(server.at(-1)!)}`);
  }
  const median = (times: { wall: number; cpu: number }[], of: 'wall' | 'cpu') => percentiles(times.map((t) => t[of])).p50;
  const [b, s, sCpu] = [median(bare, 'wall'), median(server, 'wall'), median(server, 'cpu')];
  console.log(`\nmedian: baseline ${fmt(b, 0)} ms; Signpost ${fmt(s, 0)} ms (${fmt(s / b, 1)}x the bare start, ${fmt(s - b, 0)} ms more)`);
  console.log(`median CPU until healthy: baseline ${fmt(median(bare, 'cpu'), 0)} ms; Signpost ${fmt(sCpu, 0)} ms`);
  console.log(`target: healthy in under ${fmt(TARGET_MS, 0)} ms ${s < TARGET_MS ? 'MET' : 'MISSED'}, CPU ${sCpu < TARGET_MS ? 'under' : 'over'} it (load average now ${fmt(loadavg()[0]!, 1)})`);
} finally {
  await redis.stop();
  rmSync(pgliteRoot, { recursive: true, force: true });
}
