/**
 * What the webhook benchmarks share (bench:http, bench:analytics): the compiled server started as production
 * runs it (bench/http-server.mjs), and signed Twilio webhooks from 1,000 distinct senders walking the check-in,
 * sent with autocannon at a fixed number of busy connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { fmt } from './stats.js';

export const SENDERS = 1000;
export const BENCH_TOKEN = 'bench-auth-token-0123456789';
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const BENCH_PUBLIC = 'https://signpost.example.gov.uk';
const root = fileURLToPath(new URL('..', import.meta.url));

/** The compiled server with the Node flags the Dockerfile gives it, in production mode; resolves once it answers /healthz. */
export async function startBenchServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const flags = (process.env.BENCH_NODE_OPTIONS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...flags, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.test-output/profile'] : []), 'bench/http-server.mjs'], {
    cwd: root,
    // Logs at info, as in production, written where nobody reads them.
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: BENCH_PUBLIC,
      TWILIO_AUTH_TOKEN: BENCH_TOKEN,
      ID_SECRET: 'bench-id-secret-0123456789',
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      LOG_LEVEL: 'info',
      CALLBACK_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
      // Each of the 1,000 senders sends a turn every half second or so here: far past a resident's flood budget.
      // The budget is still checked on every turn (its round trip is measured); it just never runs out.
      FLOOD_BURST: '1000',
      FLOOD_REFILL_SECONDS: '0.1',
      ...env,
    },
  });
  server.once('exit', (code) => {
    if (code) console.error(`server exited (${code})`);
  });
  for (let tries = 0; ; tries++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (tries > 300 || server.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

export async function stopBenchServer(server: ChildProcess): Promise<void> {
  server.kill('SIGTERM');
  await once(server, 'exit').catch(() => {});
}

/** One answer after another, as a resident walking the check-in again and again would send them. */
function walk(step: number, seed: number): string {
  if (step === 0) return 'hi';
  const cycle = ['1', 'a3', 'a3', 'a3', 'a5', 'a11', 'a3', 'menu'];
  const entry = cycle[(step - 1) % cycle.length]!;
  return entry.startsWith('a') ? String(1 + ((seed + step) % Number(entry.slice(1)))) : entry;
}

type Prepared = { body: string; signature: string };

/**
 * Load against one server. Requests are signed before the clock starts, so the load generator (on the same two
 * cores) spends its time sending. Round by round across all senders: one person's next message comes 1,000
 * requests after their last, so their messages are never in flight together, and every request is a new
 * message (no retries). Senders carry on where they were in the next run, rather than saying "hi" again.
 */
export function createWebhookLoad(options: { port: number; seconds: number; sidPrefix?: string }) {
  let sid = 0;
  const walkedSoFar = new Map<string, number>();

  function prepare(path: string, total: number): Prepared[] {
    return Array.from({ length: total }, (_, i) => {
      const sender = i % SENDERS;
      const step = Math.floor(i / SENDERS);
      const form = {
        MessageSid: `SM${options.sidPrefix ?? ''}${(sid++).toString(16).padStart(32 - (options.sidPrefix ?? '').length, '0')}`,
        AccountSid: `AC${'0'.repeat(32)}`,
        From: `+4477009${String(sender).padStart(5, '0')}`,
        To: '+447700900000',
        Body: walk(step, sender),
        NumMedia: '0',
      };
      return { body: new URLSearchParams(form).toString(), signature: twilio.getExpectedTwilioSignature(BENCH_TOKEN, BENCH_PUBLIC + path, form) };
    });
  }

  function run(path: string, load: { connections: number; expectedRate: number }): Promise<autocannon.Result> {
    const total = Math.ceil(load.expectedRate * options.seconds * 1.5);
    const offset = walkedSoFar.get(path) ?? 0;
    const prepared = prepare(path, total + offset).slice(offset);
    let cursor = 0;
    return new Promise((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${options.port}`,
          connections: load.connections,
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

  return { run };
}

export function resultLine(label: string, r: autocannon.Result): string {
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${label.padEnd(40)} ${fmt(r.requests.average, 0).padStart(7)} req/s   p50 ${fmt(r.latency.p50, 1).padStart(5)} ms   p99 ${fmt(r.latency.p99, 1).padStart(5)} ms   (${r.requests.total.toLocaleString('en-GB')} requests, ${bad} not 2xx)`;
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
