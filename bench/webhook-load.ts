/**
 * What the webhook benchmarks share (bench:http, bench:analytics): the compiled server started as production
 * runs it (bench/http-server.mjs, logs at info to a file or nowhere), its CPU time and heap, the two static-TwiML
 * baselines it also serves, and signed Twilio webhooks from 1,000 distinct senders walking the check-in, sent
 * with autocannon at a fixed number of busy connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { fmt } from './stats.js';

export const SENDERS = 1000;
const TOKEN = 'bench-auth-token-0123456789';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const PUBLIC = 'https://signpost.example.gov.uk';
const root = fileURLToPath(new URL('..', import.meta.url));

/** Served by bench/http-server.mjs beside the webhook, each answering static TwiML. */
export const BASELINES = {
  bare: { path: '/bench/bare', label: 'bare node:http, static TwiML', rate: 15000 },
  express: { path: '/bench/baseline', label: 'express + signature, static TwiML', rate: 10000 },
} as const;

export type BenchServer = {
  port: number;
  process: ChildProcess;
  /** CPU time (user + system, µs) the server process has used so far; NaN with several workers (each counts its own). */
  cpuMicros(): Promise<number>;
  /** The server's heap in use (MB), from its own /metrics, so a leak across rounds shows. */
  heapMb(): Promise<string>;
  /** Its /metrics text, read with the admin token. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
};

/**
 * The compiled server with the Node flags the Dockerfile gives it, in production mode; resolves once it answers
 * /healthz. Its logs at info, as in production, go to logFile (what a log shipper would read), or nowhere.
 */
export async function startBenchServer(options: { port: number; env: Record<string, string>; logFile?: string }): Promise<BenchServer> {
  const flags = (process.env.BENCH_NODE_OPTIONS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: TOKEN,
    ID_SECRET: 'bench-id-secret-0123456789',
    ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    CALLBACK_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    // Each of the 1,000 senders sends a turn every half second or so here: far past a resident's flood budget.
    // The budget is still checked on every turn (its round trip is measured); it just never runs out.
    FLOOD_BURST: '1000',
    FLOOD_REFILL_SECONDS: '0.1',
    ...options.env,
  };
  const logFd = options.logFile ? openSync(options.logFile, 'w') : undefined;
  const child = spawn(process.execPath, [...flags, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.test-output/profile'] : []), 'bench/http-server.mjs'], {
    cwd: root,
    stdio: ['ignore', logFd ?? 'ignore', 'inherit'],
    env,
  });
  child.once('exit', (code) => {
    if (code) console.error(`server exited (${code})`);
  });
  const url = `http://127.0.0.1:${options.port}`;
  const server: BenchServer = {
    port: options.port,
    process: child,
    async cpuMicros() {
      if (Number(env.WORKERS ?? 1) > 1) return Number.NaN;
      const { micros } = (await fetch(`${url}/bench/cpu`).then((r) => r.json())) as { micros: number };
      return micros;
    },
    metrics: () => fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.text()),
    async heapMb() {
      const bytes = Number(/^signpost_nodejs_heap_size_used_bytes ([\d.e+]+)/m.exec(await server.metrics())?.[1]);
      return Number.isFinite(bytes) ? fmt(bytes / 1e6, 0) : '?';
    },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit').catch(() => {});
      if (logFd !== undefined) closeSync(logFd);
    },
  };
  for (let tries = 0; ; tries++) {
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (tries > 300 || child.exitCode !== null) {
      await server.stop();
      throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

/** One answer after another, as a resident walking the check-in again and again would send them. */
function walk(step: number, seed: number): string {
  if (step === 0) return 'hi';
  const cycle = ['1', 'a3', 'a3', 'a3', 'a5', 'a11', 'a3', 'menu'];
  const entry = cycle[(step - 1) % cycle.length]!;
  return entry.startsWith('a') ? String(1 + ((seed + step) % Number(entry.slice(1)))) : entry;
}

type Prepared = { body: string; signature: string };

/** A run's autocannon result and the server's CPU per request over it. */
export type Measured = { result: autocannon.Result; cpuPerRequest: number };

/**
 * Load against one server. Requests are signed before the clock starts, so the load generator (on the same two
 * cores) spends its time sending. Round by round across all senders: one person's next message comes 1,000
 * requests after their last, so their messages are never in flight together, and every request is a new
 * message (no retries). Senders carry on where they were in the next run, rather than saying "hi" again.
 */
export function createWebhookLoad(options: { server: BenchServer; seconds: number; connections: number }) {
  let sid = 0;
  const walkedSoFar = new Map<string, number>();

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

  /** One run of the configured length, sized for expectedRate requests/s (half again in hand). */
  function run(path: string, expectedRate: number): Promise<autocannon.Result> {
    const total = Math.ceil(expectedRate * options.seconds * 1.5);
    const offset = walkedSoFar.get(path) ?? 0;
    const prepared = prepare(path, total + offset).slice(offset);
    let cursor = 0;
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${options.server.port}`,
          connections: options.connections,
          duration: options.seconds,
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

  /** One run, with the server's CPU per request over it (the CPU probe itself is two requests: negligible). */
  async function measure(path: string, expectedRate: number): Promise<Measured> {
    const before = await options.server.cpuMicros();
    const result = await run(path, expectedRate);
    return { result, cpuPerRequest: ((await options.server.cpuMicros()) - before) / result.requests.total };
  }

  return { run, measure };
}

export function resultLine(label: string, m: Measured): string {
  const r = m.result;
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${label.padEnd(46)} ${fmt(r.requests.average, 0).padStart(7)} req/s   p50 ${fmt(r.latency.p50, 1).padStart(5)} ms   p99 ${fmt(r.latency.p99, 1).padStart(5)} ms   server CPU ${fmt(m.cpuPerRequest, 0).padStart(4)} µs/request   (${r.requests.total.toLocaleString('en-GB')} requests, ${bad} not 2xx)`;
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
