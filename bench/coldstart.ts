/**
 * npm run bench:coldstart — how long the compiled build (`node dist/main.js`, as the Docker image runs it) takes
 * from spawn to a 200 from /healthz, configured as production is (NODE_ENV=production, Redis, signatures on),
 * beside a baseline in the same run: bare `node` starting a node:http server that answers /healthz at once.
 * Baseline and servers alternate for BENCH_ROUNDS rounds (default 5); medians and the differences are printed.
 * Records: embedded PGlite in a new folder of this run's (the default), and PostgreSQL too when DATABASE_URL is set
 * (as in production), each backend its own server in every round.
 * Beside the wall time, the CPU time the process had used when it was healthy (/proc/<pid>/stat, all threads):
 * on a loaded machine the wall time mostly measures the other processes, the CPU time mostly the start's own work.
 * Healthy must mean ready: for a second after it, /healthz is asked again every few ms, and the slowest answer is
 * shown (work left for after listening, such as opening the records, would hold a first webhook turn as long).
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
const AFTER_HEALTHY_MS = 1000;
// The Node flags the Dockerfile runs the server with.
const NODE_FLAGS = ['--max-semi-space-size=32'];
const root = fileURLToPath(new URL('..', import.meta.url));
const BARE_SERVER = "require('node:http').createServer((q, s) => s.end('{\"status\":\"ok\"}')).listen(Number(process.env.PORT), '127.0.0.1')";

const redis = await startRedisServer();
const pgliteRoot = mkdtempSync(join(tmpdir(), 'signpost-coldstart-'));

interface Backend {
  name: string;
  databaseUrl?: string;
}

const { DATABASE_URL: databaseUrl, ...inherited } = process.env;
const backends: Backend[] = [{ name: 'embedded PGlite' }, ...(databaseUrl ? [{ name: 'PostgreSQL (DATABASE_URL)', databaseUrl }] : [])];
// The server each round starts: another build's (a copy of dist/) may be given to compare the two.
const SERVER = process.env.BENCH_SERVER ?? 'dist/main.js';

function productionEnv(round: number, backend: Backend): NodeJS.ProcessEnv {
  return {
    ...inherited,
    ...(backend.databaseUrl ? { DATABASE_URL: backend.databaseUrl } : {}),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'https://signpost.example.gov.uk',
    TWILIO_AUTH_TOKEN: 'bench-auth-token-0123456789',
    ID_SECRET: 'bench-id-secret-0123456789',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    CALLBACK_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    PGLITE_DIR: join(pgliteRoot, `${round}-${backends.indexOf(backend)}`),
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

interface Start {
  wall: number;
  cpu: number;
  /** The slowest /healthz in the second after the first 200. */
  held: number;
}

/** Wall and CPU milliseconds from spawn to the first 200 from /healthz, then the second after it; the process is stopped afterwards. */
async function timeToHealthy(args: string[], env: NodeJS.ProcessEnv): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const healthz = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}) before it was healthy`);
      if (await healthz()) break;
      if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')} was not healthy within 60 s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const healthy = { wall: performance.now() - started, cpu: cpuMsOf(child.pid!) };
    let held = 0;
    for (const until = performance.now() + AFTER_HEALTHY_MS; performance.now() < until; ) {
      const asked = performance.now();
      if (!(await healthz())) throw new Error(`${args.join(' ')} stopped answering /healthz after it was healthy`);
      held = Math.max(held, performance.now() - asked);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return { ...healthy, held };
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
  console.log(
    `Signpost cold start: spawn to a 200 from /healthz, ${ROUNDS} rounds, Node ${process.version}, production settings, real Redis, records in ${backends.map((b) => b.name).join(' and in ')}; load average ${loadavg().map((l) => fmt(l, 1)).join(' ')}`,
  );
  const bare: Start[] = [];
  const servers = backends.map(() => [] as Start[]);
  const show = (t: Start) => `${fmt(t.wall, 0).padStart(6)} ms (CPU ${fmt(t.cpu, 0).padStart(5)} ms)`;
  for (let round = 1; round <= ROUNDS; round++) {
    bare.push(await timeToHealthy(['-e', BARE_SERVER], process.env));
    for (const [i, backend] of backends.entries()) servers[i]!.push(await timeToHealthy([SERVER], productionEnv(round, backend)));
    const shown = backends.map((b, i) => `${b.name} ${show(servers[i]!.at(-1)!)}, then held ${fmt(servers[i]!.at(-1)!.held, 0)} ms`);
    console.log(`round ${round}: baseline (bare node:http) ${show(bare.at(-1)!)}, then held ${fmt(bare.at(-1)!.held, 0)} ms   node ${SERVER}, ${shown.join('; ')}`);
  }
  const median = (times: Start[], of: keyof Start) => percentiles(times.map((t) => t[of])).p50;
  const b = median(bare, 'wall');
  console.log(`\nmedian: baseline ${fmt(b, 0)} ms (CPU ${fmt(median(bare, 'cpu'), 0)} ms; slowest /healthz in the second after ${fmt(median(bare, 'held'), 0)} ms)`);
  for (const [i, backend] of backends.entries()) {
    const [s, sCpu, held] = [median(servers[i]!, 'wall'), median(servers[i]!, 'cpu'), median(servers[i]!, 'held')];
    console.log(`Signpost, records in ${backend.name}: ${fmt(s, 0)} ms (${fmt(s / b, 1)}x the bare start, ${fmt(s - b, 0)} ms more), CPU until healthy ${fmt(sCpu, 0)} ms; slowest /healthz in the second after healthy ${fmt(held, 0)} ms`);
    console.log(`  target: healthy in under ${fmt(TARGET_MS, 0)} ms ${s < TARGET_MS ? 'MET' : 'MISSED'}, CPU ${sCpu < TARGET_MS ? 'under' : 'over'} it`);
  }
  console.log(`(load average now ${fmt(loadavg()[0]!, 1)})`);
} finally {
  await redis.stop();
  rmSync(pgliteRoot, { recursive: true, force: true });
}
