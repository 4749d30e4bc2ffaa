/**
 * npm run bench:callbacks — on the real PostgreSQL (POSTGRES_BENCH_URL, default postgres://postgres@127.0.0.1:5432),
 * in a database created for the run and dropped after:
 *  1. The turn that completes a callback request, resident by resident, three ways in rotating order (so a slow
 *     spell of the shared machine touches all three alike): the engine alone; the engine plus the callback stage
 *     as the server runs it (encrypt, one statement: request, notification, audit); and the floor, a bare
 *     single-row INSERT of the same row shape (a copy of callback_requests with its indexes) committed on the
 *     same pool. Target: recording adds under 5 ms at p99 beyond that bare commit. The team's notification runs
 *     after the reply (afterReply), between residents, outside the timed turn.
 *  2. The inbox with 10,000 open requests, over HTTP with a signed-in session: the first, middle and last page
 *     (50 each, by keyset links) and the admin API with 1,000, BENCH_INBOX_ROUNDS rounds each (default 200),
 *     beside a static file from the same server; and all 10,000 rendered as one page. Target: under 200 ms.
 * Checks at the end that the work was done (rows stored, notifications sent, pages hold what they should).
 * Prints the machine's load (uptime) before and after: on a shared machine compare the figures within a run.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pg from 'pg';
import { createCallbackService } from '../src/callbacks/callback-service.js';
import { createContactCipher } from '../src/callbacks/contact-cipher.js';
import { createAccount } from '../src/connect/accounts.js';
import { adminRoutes } from '../src/connect/admin-routes.js';
import { connectRoutes } from '../src/connect/inbox-routes.js';
import { createTranslator } from '../src/content/translate.js';
import type { Session } from '../src/conversation/session.js';
import { createDatabaseHolder } from '../src/records/open-database.js';
import { loadRuntimeBot } from '../src/runtime-bot.js';
import { fmt, percentiles } from './stats.js';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 2000);
const INBOX_REQUESTS = 10_000;
const INBOX_ROUNDS = Number(process.env.BENCH_INBOX_ROUNDS ?? 200);
const ADMIN_URL = process.env.POSTGRES_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('..', import.meta.url));
const load = () => loadavg().map((l) => fmt(l, 2)).join(', ');

const name = `signpost_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const holder = createDatabaseHolder({ databaseUrl: url.toString(), pgliteDir: '' });

try {
  const db = await holder.get();
  const { bot } = await loadRuntimeBot({ root, onMissingText: () => {} });
  if (!bot) throw new Error('flows/content have errors: run npm run content:check');
  const key = { id: 'bench', key: randomBytes(32) };
  const cipher = createContactCipher([key]);
  let notified = 0;
  // The service as the server assembles it, its e-mail sender a stand-in that only counts.
  const callbacks = createCallbackService({
    database: holder,
    config: { idSecret: 'bench-secret', publicBaseUrl: 'http://127.0.0.1', callbacks: { keys: [key] } },
    content: bot.content,
    log: { info: () => {}, warn: () => {} },
    senders: { email: async () => void (notified += 1) },
  });
  const records = await callbacks.records();

  // 1. The completing turn. Each resident is walked to the last question, then answers it twice from the same
  //    session (once through the engine alone, once through the engine and the stage), and the floor's row is
  //    committed; which of the three goes first turns round resident by resident.
  console.log(`Callback request turn, ${RESIDENTS.toLocaleString('en-GB')} residents, PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]!.v}; load average before: ${load()} (2 cores, shared)`);
  const engineOnly: number[] = [];
  const withStage: number[] = [];
  const stageOnly: number[] = [];
  const commits: number[] = [];
  await db.exec('CREATE TABLE commit_floor (LIKE callback_requests INCLUDING ALL)');
  let now = Date.parse('2026-11-23T09:00:00Z');
  for (let r = 0; r < RESIDENTS; r++) {
    let session: Session | null = null;
    for (const text of ['hi', 'callback', '1', String(1 + (r % 2)), String(1 + (r % 4)), String(1 + (r % 4))]) {
      session = (await bot.engine.runTurn({ session, message: { text }, now: (now += 10) })).session;
    }
    const last = { session, message: { text: 'skip' }, now: (now += 10) };
    const phone = `+4477009${String(r).padStart(5, '0')}`;
    const afterReply: (() => void)[] = [];
    const engineAlone = async () => {
      const t0 = performance.now();
      await bot.engine.runTurn(last);
      engineOnly.push(performance.now() - t0);
    };
    const engineAndStage = async () => {
      const t1 = performance.now();
      const result = await bot.engine.runTurn(last);
      const t2 = performance.now();
      await callbacks.afterTurn({ conversationId: `bench-${r}`, contact: { channel: 'sms', address: phone }, result, now: last.now, afterReply: (work) => afterReply.push(work) });
      const t3 = performance.now();
      withStage.push(t3 - t1);
      stageOnly.push(t3 - t2);
      if (!result.replies.at(-1)?.text.includes('passed your request')) throw new Error(`resident ${r} was not confirmed`);
    };
    const bareCommit = async () => {
      const t4 = performance.now();
      await db.query(
        `INSERT INTO commit_floor (created_at, updated_at, conversation_id, contact_hash, channel, locale, method, best_time, topic, phone_encrypted, first_name_encrypted)
         VALUES ($1, $1, $2, $3, 'sms', 'en', 'call', 'morning', 'company', $4, NULL)`,
        [new Date(last.now), `floor-${r}`, `floor-hash-${r}`, cipher.encrypt(phone)],
        { prepareAs: 'bench_commit_floor' },
      );
      commits.push(performance.now() - t4);
    };
    const three = [engineAlone, engineAndStage, bareCommit];
    for (let i = 0; i < 3; i++) await three[(r + i) % 3]!();
    // The reply has gone: the team's notification is sent now, as the server does, before the next resident.
    afterReply.forEach((work) => work());
    await callbacks.deliverNow();
  }
  const show = (label: string, values: number[]) => {
    const p = percentiles(values);
    console.log(`  ${label.padEnd(44)} p50 ${fmt(p.p50, 2).padStart(6)} ms   p99 ${fmt(p.p99, 2).padStart(6)} ms   max ${fmt(p.max, 1).padStart(6)} ms`);
    return p;
  };
  const floor = show('one-row INSERT commit, same shape (the floor)', commits);
  const base = show('engine alone (baseline)', engineOnly);
  const full = show('engine + callback stage (records)', withStage);
  const added = show('callback stage alone', stageOnly);
  console.log(`  turn with recording vs without, at p99: +${fmt(full.p99 - base.p99, 2)} ms`);
  // What recording costs beyond the durable commit every stored write pays on this machine's disk.
  const beyond = added.p99 - floor.p99;
  console.log(`  recording beyond a bare commit: p50 ${fmt(added.p50 - floor.p50, 2)} ms, p99 ${fmt(beyond, 2)} ms; target < 5 ms ${beyond < 5 ? 'MET' : 'MISSED'}`);
  // The same, resident by resident (each stage beside the bare commit measured next to it), less swayed by
  // which of the two a slow spell of the machine happened to fall on.
  const paired = percentiles(stageOnly.map((ms, i) => ms - commits[i]!));
  console.log(`  paired, stage minus its neighbouring bare commit: p50 ${fmt(paired.p50, 2)} ms, p99 ${fmt(paired.p99, 2)} ms`);
  const [{ stored }] = (await db.query<{ stored: string }>("SELECT count(*) AS stored FROM callback_requests WHERE phone_encrypted IS NOT NULL")) as [{ stored: string }];
  if (Number(stored) !== RESIDENTS) throw new Error(`expected ${RESIDENTS} stored requests, found ${stored}`);
  if (notified !== RESIDENTS) throw new Error(`expected ${RESIDENTS} team notifications, ${notified} were sent`);
  console.log(`  checked: ${RESIDENTS.toLocaleString('en-GB')} requests stored with their numbers, ${notified.toLocaleString('en-GB')} team notifications sent after the replies`);

  // 2. The inbox with 10,000 open requests (bulk-inserted with real ciphertexts; the turn above already made some).
  await db.query('TRUNCATE callback_requests CASCADE');
  for (let batch = 0; batch < INBOX_REQUESTS; batch += 1000) {
    const values: string[] = [];
    const params: (string | Date)[] = [];
    for (let i = batch; i < batch + 1000; i++) {
      params.push(`c${i}`, `h${i}`, cipher.encrypt(`+4477009${String(i).padStart(5, '0')}`), cipher.encrypt(`Resident ${String.fromCharCode(65 + (i % 26))}`), new Date(now - i * 60_000));
      const k = params.length;
      values.push(`($${k - 4}, $${k - 3}, 'sms', 'en', 'call', 'morning', 'company', $${k - 2}, $${k - 1}, $${k}, $${k})`);
    }
    await db.query(
      `INSERT INTO callback_requests (conversation_id, contact_hash, channel, locale, method, best_time, topic, phone_encrypted, first_name_encrypted, created_at, updated_at) VALUES ${values.join(',')}`,
      params,
    );
  }
  await db.query('ANALYZE callback_requests');
  await createAccount(db, 'bench@council.gov.uk', 'bench password 12345');
  const app = express();
  app.use(connectRoutes({ callbacks, secureCookies: false, t: createTranslator(bot.content, 'en') }));
  app.use(adminRoutes({ callbacks, adminToken: 'bench-admin-token-0123456789', publicBaseUrl: 'http://127.0.0.1' }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const form = await fetch(`${origin}/connect/sign-in`);
  const loginCookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const signedIn = await fetch(`${origin}/connect/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: 'bench@council.gov.uk', password: 'bench password 12345' }),
  });
  const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('signpost-connect='))!.split(';')[0]!;

  console.log(`\nInbox with ${INBOX_REQUESTS.toLocaleString('en-GB')} open requests, over HTTP, signed in (${INBOX_ROUNDS} rounds each, alternating)`);
  // Page 100 as its link from page 99 finds it: after page 99's last request.
  const [{ id: middleEdge }] = (await db.query<{ id: string }>("SELECT id FROM callback_requests WHERE status = 'new' ORDER BY created_at, id OFFSET 4949 LIMIT 1")) as [{ id: string }];
  const targets: { label: string; path: string; headers: Record<string, string>; expect: string }[] = [
    { label: 'static stylesheet (baseline)', path: '/connect/inbox.css', headers: {}, expect: 'font' },
    { label: 'inbox, first page of 50', path: '/connect/requests?status=new', headers: { cookie }, expect: '10000 requests' },
    { label: 'inbox, middle page of 50 (page 100)', path: `/connect/requests?status=new&page=100&after=${middleEdge}`, headers: { cookie }, expect: 'Page 100 of 200' },
    { label: 'inbox, last page of 50 (page 200)', path: '/connect/requests?status=new&last=1', headers: { cookie }, expect: 'Page 200 of 200' },
    { label: 'admin API, 1,000 as JSON', path: '/admin/callbacks?status=new&limit=1000', headers: { authorization: 'Bearer bench-admin-token-0123456789' }, expect: '"total":10000' },
  ];
  const timings = targets.map(() => [] as number[]);
  for (let round = 0; round < INBOX_ROUNDS; round++) {
    for (const [i, target] of targets.entries()) {
      const t0 = performance.now();
      const res = await fetch(origin + target.path, { headers: target.headers });
      const body = await res.text();
      timings[i]!.push(performance.now() - t0);
      if (!body.includes(target.expect)) throw new Error(`${target.path} did not contain ${target.expect}`);
    }
  }
  targets.forEach((target, i) => show(target.label, timings[i]!));
  // The names are encrypted with the service's key: a page shows them decrypted, not "No name given".
  if (!(await (await fetch(`${origin}/connect/requests?status=new`, { headers: { cookie } })).text()).includes('Resident A')) throw new Error('the inbox did not show the names');

  // All 10,000 on one page: the query (with every name decrypted), then the HTML.
  const { listPage } = await import('../src/connect/inbox-pages.js');
  const whole: number[] = [];
  const queryOnly: number[] = [];
  let size = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    const { requests, total } = await records.list({ status: 'new', limit: INBOX_REQUESTS });
    queryOnly.push(performance.now() - t0);
    const page = listPage({ t: createTranslator(bot.content, 'en'), who: { email: 'bench', csrf: 'x' } }, { status: 'new', requests, total, page: 1, pageSize: INBOX_REQUESTS });
    whole.push(performance.now() - t0);
    size = page.length;
    if ((page.match(/<li><a href="\/connect\/requests\//g) ?? []).length !== INBOX_REQUESTS) throw new Error('not every request was rendered');
  }
  show('all 10,000: query and decrypt', queryOnly);
  show(`all 10,000 on one page (query + HTML, ${fmt(size / 1e6, 1)} MB)`, whole);
  server.close();
  await callbacks.stop();
  console.log(`\nload average after: ${load()}`);
} finally {
  await holder.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
