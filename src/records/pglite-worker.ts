/**
 * Embedded PGlite on a thread of its own (started by pglite-database.ts): opening it is seconds of WebAssembly
 * work, and on the server's thread that would hold every webhook turn arriving meanwhile. Each message is one
 * call on the database, answered with its result or its error.
 */
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteCall, PgliteReply, PlainError } from './pglite-calls.js';

const port = parentPort!;
const { dataDir } = workerData as { dataDir?: string };

/** A transaction in progress: `finish` lets its callback return (commit) or throw (rollback). */
interface Open {
  tx: Transaction;
  finish(commit: boolean): Promise<void>;
}
const open = new Map<number, Open>();
const ROLLBACK = Symbol('rollback');

try {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  port.on('message', (call: PgliteCall) => void answer(db, call));
  port.postMessage({ id: 0, ok: true } satisfies PgliteReply);
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: plainError(error) } satisfies PgliteReply);
}

async function answer(db: PGlite, call: PgliteCall): Promise<void> {
  try {
    port.postMessage({ id: call.id, ok: true, value: await run(db, call) } satisfies PgliteReply);
  } catch (error) {
    port.postMessage({ id: call.id, ok: false, error: plainError(error) } satisfies PgliteReply);
  }
}

async function run(db: PGlite, call: PgliteCall): Promise<unknown> {
  if (call.op === 'begin') return begin(db, call.id);
  if (call.op === 'close') return db.close();
  const transaction = call.tx === undefined ? undefined : open.get(call.tx);
  if (call.tx !== undefined && !transaction) throw new Error('that transaction has already finished');
  if (call.op === 'finish') return transaction?.finish(call.commit);
  const target = transaction?.tx ?? db;
  if (call.op === 'exec') return void (await target.exec(call.sql));
  return (await target.query(call.sql, call.params as unknown[])).rows;
}

/** Resolves once the transaction has begun; it stays open, under the call's id, until it is finished. */
function begin(db: PGlite, id: number): Promise<void> {
  return new Promise((begun, failed) => {
    let release: (commit: boolean) => void = () => {};
    const done = db
      .transaction(
        (tx) =>
          new Promise<void>((commit, rollback) => {
            release = (ok) => (ok ? commit() : rollback(ROLLBACK));
            open.set(id, { tx, finish });
            begun();
          }),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          if (error !== ROLLBACK) throw error;
        },
      )
      .finally(() => open.delete(id));
    // A transaction that could not begin fails its begin call; once begun, its outcome is its finish call's.
    done.catch(failed);
    function finish(commit: boolean): Promise<void> {
      release(commit);
      return done;
    }
  });
}

/** What crosses to the server's thread of an error: its message, and PostgreSQL's code and detail when it has them. */
function plainError(error: unknown): PlainError {
  const { name = 'Error', message = String(error), code, detail } = (error ?? {}) as { name?: string; message?: string; code?: string; detail?: string };
  return { name, message, ...(code ? { code } : {}), ...(detail ? { detail } : {}) };
}
