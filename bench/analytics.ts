/**
 * npm run bench:analytics — the analytics figures of issue 17, each beside a baseline measured in the same run,
 * on the real PostgreSQL (127.0.0.1:5432, a database of this run's, dropped at the end):
 *
 * 1. Ingest: BENCH_INGEST_TURNS (default 40,000) turns' engine events go through the path the server uses: the
 *    recorder (its CPU time per turn counted apart with process.cpuUsage: it runs on each turn, before the reply)
 *    then the buffer's batched INSERT … SELECT unnest (prepared), timed until all are stored; baseline: the same
 *    rows, already as CSV, loaded by a plain COPY (psql \copy) into a table of the same shape and index.
 * 2. Reports: BENCH_EVENTS (default 10,000,000) raw events made with generate_series over two years, rolled up
 *    to the weekly aggregates (timed), then every report run BENCH_REPORT_RUNS times (default 40) over random
 *    ranges and filters (p50/p95); baseline: conversations by week counted straight from the raw events.
 * 3. Webhook: two compiled servers as production runs them (each with its own Redis, the same PostgreSQL),
 *    analytics on and off (ANALYTICS=false), alternating BENCH_ROUNDS rounds (default 7) of bench:http's load;
 *    the median p99 and server CPU per turn of each and their ratios, and a check that the events the analytics
 *    server says it wrote are in the table (none dropped). BENCH_CONTROL=1 runs analytics on in both servers: the
 *    ratio it prints is this machine's noise floor for the same comparison.
 * Prints the machine's load (uptime) before and after: on a shared machine only the ratios compare. BENCH_PARTS=1,3
 * runs only those parts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyticsRecorder } from '../src/analytics/analytics-recorder.js';
import type { AnalyticsRecord } from '../src/analytics/analytics-record.js';
import { insertAnalyticsRecords } from '../src/analytics/analytics-store.js';
import { createEventBuffer } from '../src/analytics/event-buffer.js';
import { REPORT_NAMES, runReport, type ReportQuery } from '../src/analytics/reports.js';
import { refreshWeeklyRollup } from '../src/analytics/weekly-rollup.js';
import type { AnalyticsEvent } from '../src/conversation/analytics-event.js';
import { openDatabase } from '../src/records/open-database.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { freePort, startRedisServer } from '../test/support/redis-server.js';
import { fmt, percentiles } from './stats.js';
import { createWebhookLoad, median, resultLine, startBenchServer, type BenchServer, type Measured } from './webhook-load.js';

const INGEST_TURNS = Number(process.env.BENCH_INGEST_TURNS ?? 40_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONTROL = process.env.BENCH_CONTROL === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const load = () => loadavg().map((l) => fmt(l, 2)).join(', ');
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

const database = await createTestDatabase();
const db = await openDatabase({ databaseUrl: database.url });
console.log(`Signpost analytics benchmark, Node ${process.version}, real PostgreSQL; load average before: ${load()} (2 cores, shared)`);

const parts = new Set((process.env.BENCH_PARTS ?? '1,2,3').split(','));
try {
  if (parts.has('1')) await ingest();
  if (parts.has('2')) await reports();
  if (parts.has('3')) await webhook();
  console.log(`\nload average after: ${load()}`);
} finally {
  await db.close();
  await database.drop();
}

/** Engine events of one turn, as the engine emits them: a start, a stage, a band, a search, a life event. */
function turnEvents(i: number): AnalyticsEvent[] {
  const props = { language: ['en', 'pl', 'ur'][i % 3]!, ...(i % 4 === 0 ? { campaign: 'gp_poster' } : {}) };
  return [
    { name: 'conversation_started', props },
    { name: 'step_entered', props: { ...props, step: 'checkin.intro' } },
    { name: 'answer_saved', props: { ...props, name: 'band', value: ['low', 'some', 'high'][i % 3]! } },
    { name: 'activity_search', props: { ...props, district: `DN${10 + (i % 30)}`, found: i % 4 } },
    { name: 'answer_saved', props: { ...props, name: 'event', value: 'bereavement' } },
  ];
}

async function ingest(): Promise<void> {
  const rows: AnalyticsRecord[] = [];
  const collect = createAnalyticsRecorder({ key: randomBytes(32), buffer: { add: (r) => rows.push(...r) }, followUps: [] });
  for (let i = 0; i < INGEST_TURNS; i++) collect.recordTurn(turnEvents(i), `conversation-${i}`, 'sms');
  const csv = join(tmpdir(), `signpost-bench-analytics-${process.pid}.csv`);
  // Text quoted (an empty one is '' rather than NULL), the amount bare (empty is NULL): none of the values holds a quote.
  const quote = (text: string) => `"${text}"`;
  writeFileSync(csv, rows.map((r) => [r.at.toISOString(), ...[r.pseudonym, r.event, r.channel, r.language, r.campaign, r.detail].map(quote), r.amount ?? ''].join(',')).join('\n'));
  await db.exec('CREATE TABLE copy_baseline (LIKE analytics_events INCLUDING ALL)');
  const copyStart = process.hrtime.bigint();
  execFileSync('psql', [database.url, '-q', '-c', `\\copy copy_baseline FROM '${csv}' WITH (FORMAT csv)`]);
  const copySeconds = seconds(copyStart);
  rmSync(csv);

  // The server's path in its two halves: on each turn, engine events → checked rows (recorder); in the
  // background, the buffer writing batches to PostgreSQL until all are stored. A resident sends several messages,
  // so conversations come back (five turns each here), as their pseudonyms do.
  const recorded: AnalyticsRecord[] = [];
  const recorder = createAnalyticsRecorder({ key: randomBytes(32), buffer: { add: (r) => recorded.push(...r) }, followUps: [] });
  const turns = Array.from({ length: INGEST_TURNS }, (_, i) => turnEvents(i));
  const conversations = Math.max(1, Math.floor(INGEST_TURNS / 5));
  const cpuBefore = process.cpuUsage();
  const recordStart = process.hrtime.bigint();
  for (let i = 0; i < INGEST_TURNS; i++) recorder.recordTurn(turns[i]!, `conversation-${i % conversations}`, 'sms');
  const recordSeconds = seconds(recordStart);
  const cpu = process.cpuUsage(cpuBefore);
  let written = 0;
  const buffer = createEventBuffer({ capacity: Number.MAX_SAFE_INTEGER, write: (r) => insertAnalyticsRecords(db, r), onWritten: (n) => (written += n) });
  const writeStart = process.hrtime.bigint();
  buffer.add(recorded);
  while (buffer.size() > 0) await buffer.flush();
  const writeSeconds = seconds(writeStart);
  await buffer.close();
  const [stored] = await db.query<{ ours: number; copied: number }>('SELECT (SELECT count(*) FROM analytics_events)::int AS ours, (SELECT count(*) FROM copy_baseline)::int AS copied');
  await db.exec('DROP TABLE copy_baseline; TRUNCATE analytics_events');

  const copyRate = rows.length / copySeconds;
  const writeRate = written / writeSeconds;
  const recordRate = recorded.length / recordSeconds;
  console.log(`\n1. ingest into PostgreSQL: ${rows.length.toLocaleString('en-GB')} events from ${INGEST_TURNS.toLocaleString('en-GB')} turns`);
  console.log(`  baseline: plain COPY of the same rows (CSV)        ${fmt(copyRate, 0).padStart(9)} events/s  (${stored!.copied.toLocaleString('en-GB')} rows)`);
  console.log(`  analytics: buffer → batched INSERT (2 at a time)   ${fmt(writeRate, 0).padStart(9)} events/s  (${stored!.ours.toLocaleString('en-GB')} rows)`);
  console.log(`  ratio: ${fmt((writeRate / copyRate) * 100, 1)}% of COPY; target >= 20,000 events/s ${writeRate >= 20_000 ? 'MET' : 'MISSED'}`);
  console.log(`  (on the turns' side, engine events → checked rows: ${fmt(recordRate, 0)} events/s; CPU ${fmt((cpu.user + cpu.system) / INGEST_TURNS, 1)} µs a turn of ${turns[0]!.length} events, by process.cpuUsage)`);
}

async function reports(): Promise<void> {
  const weeks = 104;
  const start = Date.parse('2025-03-03T00:00:00Z');
  const made = process.hrtime.bigint();
  // About seven events a person; each kind of event with the categories the reports read.
  await db.query(
    `INSERT INTO analytics_events (at, pseudonym, event, channel, language, campaign, detail, amount)
     SELECT to_timestamp($2::float8 / 1000 + (i::float8 / $1::int) * $3::float8),
            'p' || lpad((i / 7)::text, 21, '0'),
            e.event,
            CASE WHEN (i / 7) % 3 = 0 THEN 'whatsapp' ELSE 'sms' END,
            (ARRAY['en', 'pl', 'ur'])[1 + (i / 7) % 3],
            (ARRAY['', '', 'law26', 'gp_poster'])[1 + (i / 7) % 4],
            e.detail,
            e.amount
     FROM generate_series(0, $1::int - 1) AS i,
     LATERAL (SELECT
       CASE i % 10 WHEN 0 THEN 'conversation_started' WHEN 1 THEN 'stage_reached' WHEN 2 THEN 'stage_reached'
         WHEN 3 THEN 'checkin_band' WHEN 4 THEN 'life_event' WHEN 5 THEN 'activity_search' WHEN 6 THEN 'age_band'
         WHEN 7 THEN (ARRAY['follow_up_sent', 'follow_up_delivered', 'follow_up_answered'])[1 + (i / 10) % 3]
         WHEN 8 THEN 'follow_up_outcome' ELSE 'follow_up_agreed' END AS event,
       CASE i % 10 WHEN 0 THEN ''
         WHEN 1 THEN (ARRAY['welcome', 'checkin', 'tips', 'activities', 'talk', 'callback'])[1 + (i / 10) % 6]
         WHEN 2 THEN (ARRAY['welcome', 'checkin', 'tips', 'activities', 'talk', 'callback'])[1 + (i / 10) % 6]
         WHEN 3 THEN (ARRAY['low', 'some', 'high'])[1 + (i / 10) % 3]
         WHEN 4 THEN (ARRAY['bereavement', 'retirement', 'caring', 'new_parent', 'moving_home', 'health', 'job_loss', 'break_up'])[1 + (i / 10) % 8]
         WHEN 5 THEN 'DN' || (10 + (i / 10) % 30)
         WHEN 6 THEN (ARRAY['16_24', '25_64', '65_plus'])[1 + (i / 10) % 3]
         WHEN 7 THEN (ARRAY['did_you_go', 'recheck'])[1 + (i / 30) % 2]
         WHEN 8 THEN 'recheck' ELSE 'five_ways_nudge' END AS detail,
       CASE i % 10 WHEN 5 THEN (i / 10) % 4 WHEN 8 THEN ((i / 10) % 7) - 3 END AS amount) AS e`,
    [EVENTS, start, weeks * 7 * 86_400],
  );
  await db.exec('ANALYZE analytics_events');
  const madeSeconds = seconds(made);
  const rolled = process.hrtime.bigint();
  await refreshWeeklyRollup(db);
  const rolledSeconds = seconds(rolled);
  const [sizes] = await db.query<{ raw: number; weekly: number }>('SELECT (SELECT count(*) FROM analytics_events)::int AS raw, (SELECT count(*) FROM analytics_weekly)::int AS weekly');
  const routine = process.hrtime.bigint();
  await refreshWeeklyRollup(db);
  const routineSeconds = seconds(routine);
  console.log(`\n2. reports at ${sizes!.raw.toLocaleString('en-GB')} raw events over ${weeks} weeks (made in ${fmt(madeSeconds, 0)} s)`);
  console.log(`  weekly aggregates: ${sizes!.weekly.toLocaleString('en-GB')} rows; first roll-up of everything ${fmt(rolledSeconds, 1)} s; the routine refresh (last two weeks, every 5 min) ${fmt(routineSeconds * 1000, 0)} ms`);

  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const queries: ReportQuery[] = Array.from({ length: REPORT_RUNS }, (_, i) => {
    const from = start + Math.floor(random() * weeks * 7) * 86_400_000;
    const to = Math.min(from + (7 + Math.floor(random() * weeks * 7)) * 86_400_000, start + weeks * 7 * 86_400_000);
    const filter = [{}, { campaign: 'gp_poster' }, { channel: 'whatsapp' as const }, { language: 'pl' }][i % 4]!;
    return { from: day(from), to: day(to), ...filter };
  });
  let worst = 0;
  for (const name of REPORT_NAMES) {
    await runReport(db, name, queries[0]!);
    const times: number[] = [];
    for (const query of queries) {
      const t = process.hrtime.bigint();
      await runReport(db, name, query);
      times.push(seconds(t) * 1000);
    }
    const p = percentiles(times);
    const p95 = [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(0.95 * times.length))]!;
    worst = Math.max(worst, p95);
    console.log(`  ${name.padEnd(24)} p50 ${fmt(p.p50, 1).padStart(6)} ms   p95 ${fmt(p95, 1).padStart(6)} ms   max ${fmt(p.max, 1).padStart(6)} ms  (${REPORT_RUNS} random ranges and filters)`);
  }
  const raw = process.hrtime.bigint();
  const whole = { from: day(start), to: day(start + weeks * 7 * 86_400_000) };
  await db.query(
    `SELECT date_trunc('week', at AT TIME ZONE 'UTC')::date AS week, channel, language, campaign, count(*) FROM analytics_events
     WHERE event = 'conversation_started' AND at >= $1::date AND at < $2::date GROUP BY 1, 2, 3, 4`,
    [whole.from, whole.to],
  );
  const rawMs = seconds(raw) * 1000;
  const t = process.hrtime.bigint();
  await runReport(db, 'conversations_by_week', whole);
  const rolledMs = seconds(t) * 1000;
  console.log(`  baseline: conversations by week over two years straight from the raw events ${fmt(rawMs, 0)} ms; from the weekly aggregates ${fmt(rolledMs, 1)} ms (${fmt(rawMs / rolledMs, 0)}x)`);
  console.log(`  target: every report p95 < 200 ms ${worst < 200 ? 'MET' : 'MISSED'} (worst p95 ${fmt(worst, 1)} ms)`);
}

async function webhook(): Promise<void> {
  const started: { stop(): Promise<void> }[] = [];
  try {
    const [redisOn, redisOff] = [await startRedisServer(), await startRedisServer()];
    started.push(redisOn, redisOff);
    const [portOn, portOff] = [await freePort(), await freePort()];
    const common = { DATABASE_URL: database.url };
    const analyticsOn = () => ({ ANALYTICS_KEY: randomBytes(32).toString('base64') });
    const on = await startBenchServer({ port: portOn, env: { ...common, REDIS_URL: redisOn.url, ...analyticsOn() } });
    started.push(on);
    // The control: the same comparison with analytics on in both, so what it shows is the machine's noise.
    const off = await startBenchServer({ port: portOff, env: { ...common, REDIS_URL: redisOff.url, ...(CONTROL ? analyticsOn() : { ANALYTICS: 'false' }) } });
    started.push(off);
    const names = CONTROL ? { on: 'analytics on', off: 'analytics on (control)' } : { on: 'analytics on', off: 'analytics off' };

    const before = { stored: await storedEvents(), on: await written(on), off: await written(off) };
    const loads = { on: createWebhookLoad({ server: on, seconds: SECONDS, connections: CONNECTIONS }), off: createWebhookLoad({ server: off, seconds: SECONDS, connections: CONNECTIONS }) };
    const rate = 4000;
    console.log(`\n3. webhook p99, ${names.on} and ${names.off.replace('analytics ', '')}: ${ROUNDS} rounds, ${SECONDS} s each, ${CONNECTIONS} connections, two servers (one loaded at a time)${CONTROL ? ' [BENCH_CONTROL=1: both on]' : ''}`);
    await loads.off.run('/twilio/messages', rate);
    await loads.on.run('/twilio/messages', rate);
    const rounds: { on: Measured; off: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Which goes first alternates, so a slower spell of the machine touches both alike.
      const first = round % 2 ? 'off' : 'on';
      const a = await loads[first].measure('/twilio/messages', rate);
      const b = await loads[first === 'off' ? 'on' : 'off'].measure('/twilio/messages', rate);
      const result = first === 'off' ? { off: a, on: b } : { on: a, off: b };
      rounds.push(result);
      console.log(`  round ${round}:`);
      console.log(resultLine(`    ${names.off}`, result.off));
      console.log(resultLine(`    ${names.on}`, result.on));
    }
    // The last second's events are still in the buffers: give them time to write them.
    await new Promise((r) => setTimeout(r, 2000));
    const stored = (await storedEvents()) - before.stored;
    const wrote = (await written(on)) - before.on + (CONTROL ? (await written(off)) - before.off : 0);
    const dropped = (await droppedBy(on)) + (CONTROL ? await droppedBy(off) : 0);
    const p99 = { on: median(rounds.map((r) => r.on.result.latency.p99)), off: median(rounds.map((r) => r.off.result.latency.p99)) };
    const ratio = p99.on / p99.off;
    const perRound = rounds.map((r) => fmt((r.on.result.latency.p99 / r.off.result.latency.p99) * 100, 0)).join(', ');
    console.log(`  median p99: ${names.off} ${fmt(p99.off, 1)} ms, ${names.on} ${fmt(p99.on, 1)} ms; ratio ${fmt(ratio * 100, 1)}% (round by round: ${perRound}%); throughput ratio ${fmt((median(rounds.map((r) => r.on.result.requests.average)) / median(rounds.map((r) => r.off.result.requests.average))) * 100, 1)}%`);
    const cpu = { on: median(rounds.map((r) => r.on.cpuPerRequest)), off: median(rounds.map((r) => r.off.cpuPerRequest)) };
    console.log(`  median server CPU per turn: ${names.off} ${fmt(cpu.off, 0)} µs, ${names.on} ${fmt(cpu.on, 0)} µs (ratio ${fmt((cpu.on / cpu.off) * 100, 1)}%)`);
    console.log(`  rows: ${stored.toLocaleString('en-GB')} events stored meanwhile; the servers counted ${wrote.toLocaleString('en-GB')} written, ${dropped} dropped`);
    if (stored === 0 || stored !== wrote || dropped > 0) throw new Error(`analytics did not keep every event: ${stored} stored, ${wrote} written, ${dropped} dropped`);
    console.log(`  target: p99 within 5% with analytics on ${CONTROL ? '(control run: this is the noise floor, not the target)' : ratio <= 1.05 ? 'MET' : 'MISSED'}`);
  } finally {
    for (const part of started.reverse()) await part.stop();
  }
}

/** A server's count of analytics events, from its /metrics. */
async function counted(server: BenchServer, result: RegExp): Promise<number> {
  const metrics = await server.metrics();
  let sum = 0;
  for (const m of metrics.matchAll(/^signpost_analytics_events_total\{result="([a-z_]+)"\} ([\d.e+]+)/gm)) if (result.test(m[1]!)) sum += Number(m[2]);
  return sum;
}
function written(server: BenchServer): Promise<number> {
  return counted(server, /^written$/);
}
function droppedBy(server: BenchServer): Promise<number> {
  return counted(server, /^dropped_/);
}

async function storedEvents(): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_events WHERE at > now() - interval '1 day'`);
  return row!.n;
}
