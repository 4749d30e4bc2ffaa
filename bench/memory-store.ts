/**
 * npm run bench:memory-store — writes 1,000,000 short-lived conversations (a session, a handled result and its
 * replay keys each, as a real turn commits) into the embedded memory store, lets them expire, and prints the
 * heap before, at the peak and after the sweep. Beside it, the same run against a store whose sweeper is off
 * (the old behaviour: expired entries stay until read), so the difference is measured in one run.
 * Run with --expose-gc (the npm script does) so heap figures are after a full collection.
 */
import { MemoryStore } from '../src/store/memory-store.js';
import { fmt } from './stats.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory-store does)');
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const session = JSON.stringify({ v: 1, flows: 'abc123', locale: 'en', at: 'checkin.q1', vars: { event: 'retirement' }, trail: [], misses: 0, page: 0, startedAt: 0, lastSeenAt: 0 });

async function fill(label: string, sweep: boolean) {
  let now = 1_700_000_000_000;
  const store = new MemoryStore({ now: () => now, sweepEveryMs: 0, maxConversations: CONVERSATIONS * 2 });
  const before = heapMb();
  for (let i = 0; i < CONVERSATIONS; i++) {
    await store.commitTurn(`conversation-${i}`, {
      session,
      sessionTtlSeconds: 1,
      handled: { messageId: `SM${i.toString(16).padStart(32, '0')}`, result: '[{"text":"Hello"}]', ttlSeconds: 1 },
    });
  }
  const peak = heapMb();
  now += 2_000;
  if (sweep) store.sweepExpired();
  const after = heapMb();
  console.log(
    `${label.padEnd(40)} heap before ${fmt(before, 1).padStart(6)} MB   full ${fmt(peak, 1).padStart(7)} MB   after expiry ${fmt(after, 1).padStart(7)} MB   (${after - before >= 0 ? "+" : ""}${fmt(after - before, 1)} MB, ${store.conversationsHeld.toLocaleString('en-GB')} conversations still held)`,
  );
  await store.close();
  return after - before;
}

console.log(`Memory store: ${CONVERSATIONS.toLocaleString('en-GB')} conversations with a 1 s ttl, Node ${process.version}`);
const baseline = await fill('baseline: expired entries left in place', false);
const swept = await fill('memory store: swept after expiry', true);
console.log(`after expiry the sweep leaves ${fmt(swept, 1)} MB against ${fmt(baseline, 1)} MB without it; target: within 20 MB of the start ${Math.abs(swept) <= 20 ? 'MET' : 'MISSED'}`);
