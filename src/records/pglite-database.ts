import { Worker } from 'node:worker_threads';
import type { Database, Queryable, SqlValue } from './database.js';
import type { PgliteCall, PgliteReply } from './pglite-calls.js';

// Run from src/ (tsx, the tests) the thread's code is TypeScript too: the thread registers tsx before loading it
// (a worker does not inherit the loader hooks of the thread that starts it).
const fromSource = import.meta.url.endsWith('.ts');
const WORKER = new URL(fromSource ? './pglite-worker.ts' : './pglite-worker.js', import.meta.url);
const startWorker = (workerData: unknown) =>
  fromSource
    ? new Worker(`import('tsx/esm/api').then(({ register }) => (register(), import(${JSON.stringify(WORKER.href)})))`, { eval: true, workerData })
    : new Worker(WORKER, { workerData });

/**
 * Embedded PostgreSQL (compiled to WebAssembly), so a laptop needs no database server. `dataDir` keeps the
 * records on disk; without it they live in memory (tests). It runs on a thread of its own (pglite-worker.ts):
 * opening it takes seconds, which would otherwise hold every request the server receives meanwhile.
 * One connection: PGlite serialises queries itself.
 */
export async function createPgliteDatabase(dataDir?: string): Promise<Database> {
  const worker = startWorker({ dataDir });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let next = 1;
  let failed: Error | undefined;
  // The thread keeps the process alive only while a call waits for it, as an in-process database would.
  const settle = () => (waiting.size ? worker.ref() : worker.unref());
  worker.on('message', ({ id, ...reply }: PgliteReply) => {
    const call = waiting.get(id);
    if (!call) return;
    waiting.delete(id);
    settle();
    if (reply.ok) call.resolve(reply.value);
    else call.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  const fail = (error: Error) => {
    failed = error;
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
    settle();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the embedded database stopped (exit code ${code})`)));
  const expect = (id: number) =>
    new Promise<unknown>((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.set(id, { resolve, reject });
      settle();
    });
  const call = <T>(message: PgliteCall): Promise<T> => {
    const answer = expect(message.id) as Promise<T>;
    if (!failed) worker.postMessage(message);
    return answer;
  };
  const on = (tx?: number): Queryable => ({
    query: <Row>(sql: string, params: readonly SqlValue[] = []) => call<Row[]>({ id: next++, op: 'query', sql, params, ...(tx ? { tx } : {}) }),
    exec: (sql) => call<void>({ id: next++, op: 'exec', sql, ...(tx ? { tx } : {}) }),
  });

  try {
    await expect(0);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const db = on();
  return {
    kind: 'pglite',
    ...db,
    async transaction(work) {
      const tx = next++;
      await call({ id: tx, op: 'begin' });
      let result;
      try {
        result = await work(on(tx));
      } catch (error) {
        await call({ id: next++, op: 'finish', commit: false, tx }).catch(() => {});
        throw error;
      }
      await call({ id: next++, op: 'finish', commit: true, tx });
      return result;
    },
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      await call({ id: next++, op: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
}
