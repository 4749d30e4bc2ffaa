/**
 * npm run bench:engine — 10,000 simulated residents walk the real flows through the engine and the memory
 * store, interleaved like real traffic. Prints turns/s and p50/p99 per turn, next to a baseline in the same
 * run that does the same store round trip (read, parse, serialise, write) without the engine. Then the
 * safety screen alone over the same messages, to show its share of a turn (the screen runs on every message).
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseSession, serialiseSession, type Session } from '../src/conversation/session.js';
import { loadRuntimeBot } from '../src/runtime-bot.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { fmt, percentiles } from './stats.js';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 10_000);
const TURNS_EACH = Number(process.env.BENCH_TURNS ?? 12);
const TTL = 30 * 86400;
const root = fileURLToPath(new URL('..', import.meta.url));

const { bot } = await loadRuntimeBot({ root, onMissingText: () => {} });
if (!bot) throw new Error('flows/content have errors: run npm run content:check');
const { engine, flows } = bot;

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const FREE_TEXT = ['my wife died last year', 'I retired in May', 'just moved here', 'not sure really', 'hello', '👍', 'sometimes', 'yes please'];
const COMMANDS = ['MENU', 'BACK', 'HELP'];

/** What a resident might send next: mostly a valid number, sometimes words, typos, emoji or a command. */
function nextMessage(session: Session | null): string {
  const step = session?.at ? flows.steps.get(session.at)?.step : undefined;
  const r = random();
  if (!step || r < 0.05) return r < 0.02 ? pick(COMMANDS) : 'hi';
  if (r < 0.15) return pick(FREE_TEXT);
  const offered = step.type === 'choice' ? step.options.filter((o) => !o.hidden).length + (step.skip ? 1 : 0) : 0;
  return offered ? String(1 + Math.floor(random() * offered)) : pick(FREE_TEXT);
}

/** What one turn reports back: whether the engine re-asked the question (the answer was not understood). */
type Turn = (store: MemoryStore, id: string, text: string, now: number) => Promise<{ reprompt: boolean }>;

/**
 * Each run has one store: the next message is chosen from the session the previous turn wrote, so residents really
 * walk the flows. The reprompt share and the steps reached are printed so a walk stuck on "hi" shows.
 */
/** Every message the last run sent, for timing the safety screen on its own over the same words. */
let sent: string[] = [];

async function run(label: string, turn: Turn) {
  const store = new MemoryStore();
  sent = [];
  const durations: number[] = [];
  const reached = new Set<string>();
  let reprompts = 0;
  const started = process.hrtime.bigint();
  let now = Date.parse('2026-11-23T09:00:00Z');
  for (let round = 0; round < TURNS_EACH; round++) {
    for (let r = 0; r < RESIDENTS; r++) {
      const id = `resident-${r}`;
      const text = nextMessage(parseSession(await store.getSession(id)));
      sent.push(text);
      const t0 = process.hrtime.bigint();
      const { reprompt } = await turn(store, id, text, (now += 7));
      durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (reprompt) reprompts++;
      if (round === TURNS_EACH - 1) {
        const at = parseSession(await store.getSession(id))?.at;
        if (at) reached.add(at);
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { p50, p99, max } = percentiles(durations);
  const turnsPerSecond = durations.length / durations.reduce((a, b) => a + b, 0) * 1000;
  console.log(`${label.padEnd(34)} ${fmt(turnsPerSecond, 0).padStart(9)} turns/s   p50 ${fmt(p50 * 1000, 0).padStart(5)} µs   p99 ${fmt(p99 * 1000, 0).padStart(5)} µs   max ${fmt(max, 2)} ms   (${durations.length.toLocaleString('en-GB')} turns, ${fmt(seconds, 1)} s wall)`);
  console.log(`${''.padEnd(34)} reprompts ${fmt((reprompts / durations.length) * 100, 1)}% of turns; residents end on ${reached.size} different steps`);
  return { turnsPerSecond, p50, p99 };
}

const withEngine: Turn = async (store, id, text, now) => {
  const session = parseSession(await store.getSession(id));
  const result = await engine.runTurn({ session, message: { text }, now });
  await store.commitTurn(id, { session: result.session ? serialiseSession(result.session) : null, sessionTtlSeconds: TTL });
  return { reprompt: result.events.some((e) => e.name === 'reprompt') };
};

const template = parseSession(await (async () => {
  const r = await engine.runTurn({ session: null, message: { text: 'hi' }, now: 0 });
  return serialiseSession(r.session!);
})())!;
const storeOnly: Turn = async (store, id, _text, now) => {
  const session = parseSession(await store.getSession(id)) ?? structuredClone(template);
  session.lastSeenAt = now;
  await store.commitTurn(id, { session: serialiseSession(session), sessionTtlSeconds: TTL });
  return { reprompt: false };
};

console.log(`Signpost engine benchmark: ${RESIDENTS.toLocaleString('en-GB')} residents x ${TURNS_EACH} turns, memory store, Node ${process.version}, one core`);
await run('warm-up (discarded)', withEngine);
const base = await run('baseline: store round trip only', storeOnly);
const full = await run('engine: full turn', withEngine);
console.log(`ratio: a full turn costs ${fmt(full.p50 / base.p50, 1)}x the store round trip at p50; engine throughput is ${fmt((full.turnsPerSecond / base.turnsPerSecond) * 100, 1)}% of the baseline's`);

// The screen as the engine calls it (trimmed words; empty messages are not screened), timed on its own.
const screened = sent.map((text) => text.slice(0, 1000).trim()).filter(Boolean);
const screenStarted = process.hrtime.bigint();
for (const text of screened) bot.screen(text);
const screenMicros = Number(process.hrtime.bigint() - screenStarted) / 1e3 / sent.length;
const turnMicros = 1e6 / full.turnsPerSecond;
console.log(`safety screen alone over the same ${sent.length.toLocaleString('en-GB')} messages: ${fmt(screenMicros, 1)} µs per turn, ${fmt((screenMicros / turnMicros) * 100, 0)}% of a full turn's ${fmt(turnMicros, 1)} µs; the rest of the turn ${fmt(turnMicros - screenMicros, 1)} µs (${fmt(1e6 / (turnMicros - screenMicros), 0)} turns/s without the screen)`);
console.log(`targets: >= 20,000 turns/s ${full.turnsPerSecond >= 20_000 ? 'MET' : 'MISSED'}; p99 < 200 µs ${full.p99 < 0.2 ? 'MET' : 'MISSED'} (load average ${loadavg().map((l) => fmt(l, 1)).join(' ')})`);
