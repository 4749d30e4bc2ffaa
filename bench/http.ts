/**
 * npm run bench:http — signed Twilio webhooks from 1,000 distinct senders walking the check-in, against the
 * real server on a real Redis with signature checks on; in the same run, a baseline route that only checks
 * the signature and returns static TwiML. Prints requests/s, p50/p99 for both and the ratio, then the Redis
 * memory each idle conversation takes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { startRedisServer } from '../test/support/redis-server.js';
import { fmt } from './stats.js';

const SENDERS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 3400 + Math.floor(Math.random() * 500);
const TOKEN = 'bench-auth-token-0123456789';
const PUBLIC = 'https://signpost.example.gov.uk';
const root = fileURLToPath(new URL('..', import.meta.url));

const redis = await startRedisServer();
const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.test-output/profile'] : []), '--import', 'tsx', 'bench/http-server.ts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: TOKEN,
    ID_SECRET: 'bench-id-secret-0123456789',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    REDIS_URL: redis.url,
    LOG_LEVEL: 'silent',
  },
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
  server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});

/** One answer after another, as a resident walking the check-in again and again would send them. */
function walk(step: number, seed: number): string {
  if (step === 0) return 'hi';
  const cycle = ['1', 'a3', 'a3', 'a3', 'a5', 'a11', 'a3', 'menu'];
  const entry = cycle[(step - 1) % cycle.length]!;
  return entry.startsWith('a') ? String(1 + ((seed + step) % Number(entry.slice(1)))) : entry;
}

let sid = 0;
function run(path: string, label: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${PORT}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            path,
            // Each connection owns its senders, so one person's messages never race each other here.
            setupRequest: (req: autocannon.Request, state: object) => {
              const context = state as Record<string, number>;
              context.connection ??= Math.floor(Math.random() * 1e9);
              context.turn = (context.turn ?? -1) + 1;
              const sender = (context.connection + context.turn) % SENDERS;
              const steps = (context[`s${sender}`] = (context[`s${sender}`] ?? -1) + 1);
              const form = {
                MessageSid: `SM${(sid++).toString(16).padStart(32, '0')}`,
                AccountSid: `AC${'0'.repeat(32)}`,
                From: `+4477009${String(sender).padStart(5, '0')}`,
                To: '+447700900000',
                Body: walk(steps, sender),
                NumMedia: '0',
              };
              return {
                ...req,
                body: new URLSearchParams(form).toString(),
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, form),
                },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    void label;
    void instance;
  });
}

function report(label: string, r: autocannon.Result): void {
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(
    `${label.padEnd(36)} ${fmt(r.requests.average, 0).padStart(7)} req/s   p50 ${fmt(r.latency.p50, 1).padStart(5)} ms   p99 ${fmt(r.latency.p99, 1).padStart(5)} ms   (${r.requests.total.toLocaleString('en-GB')} requests, ${bad} not 2xx/errors)`,
  );
}

try {
  console.log(`Signpost HTTP benchmark: ${SENDERS} senders, ${CONNECTIONS} connections, ${SECONDS} s per run, one server process, real Redis, signatures on, Node ${process.version}`);
  await run('/twilio/messages', 'warm-up');
  const baseline = await run('/bench/baseline', 'baseline');
  const turns = await run('/twilio/messages', 'turns');
  report('baseline: signature + static TwiML', baseline);
  report('webhook: full conversation turn', turns);
  const ratio = turns.requests.average / baseline.requests.average;
  console.log(`ratio: turns reach ${fmt(ratio * 100, 1)}% of the baseline's throughput; p99 ${fmt(turns.latency.p99 / Math.max(baseline.latency.p99, 0.01), 1)}x the baseline's`);

  const client = new Redis(redis.url);
  const sizes: number[] = [];
  for await (const keys of client.scanStream({ match: 'sp:*:session', count: 1000 })) {
    for (const key of keys as string[]) if (sizes.length < 1000) sizes.push(Number(await client.memory('USAGE', key)));
  }
  const lengths = await Promise.all((await client.keys('sp:*:session')).slice(0, 200).map((k) => client.strlen(k)));
  client.disconnect();
  const avg = sizes.reduce((a, b) => a + b, 0) / Math.max(sizes.length, 1);
  console.log(`redis memory per idle conversation (MEMORY USAGE of the session key, ${sizes.length} conversations): mean ${fmt(avg, 0)} bytes, max ${Math.max(...sizes)} bytes; session JSON mean ${fmt(lengths.reduce((a, b) => a + b, 0) / Math.max(lengths.length, 1), 0)} bytes`);
  console.log(
    `targets: >= 2,000 turns/s ${turns.requests.average >= 2000 ? 'MET' : 'MISSED'}; p99 < 50 ms ${turns.latency.p99 < 50 ? 'MET' : 'MISSED'}; >= 50% of baseline ${ratio >= 0.5 ? 'MET' : 'MISSED'}; <= 1.5 KB per idle conversation ${avg <= 1536 ? 'MET' : 'MISSED'}`,
  );
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit').catch(() => {});
  await redis.stop();
}
