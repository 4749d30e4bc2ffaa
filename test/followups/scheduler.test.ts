import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBullScheduler } from '../../src/followups/bull-scheduler.js';
import { createMemoryScheduler } from '../../src/followups/memory-scheduler.js';
import type { Scheduler } from '../../src/followups/scheduler.js';
import { REPO_ROOT } from '../support/test-bot.js';
import { describeSchedulerContract } from './scheduler-contract.js';

const redisUrl = new URL(inject('redisUrl'));
const connection = { host: redisUrl.hostname, port: Number(redisUrl.port) };
const FOLLOW_UPS = ['did_you_go', 'recheck', 'five_ways_nudge'];
const bull = (prefix: string, retry = { attempts: 3, backoffMs: 50 }, clock?: () => number) =>
  createBullScheduler({ connection, followUps: FOLLOW_UPS, prefix, retry, ...(clock ? { clock } : {}) });

describeSchedulerContract('in-process', async (retry, clock) => createMemoryScheduler({ retry, ...(clock ? { clock } : {}) }));
describeSchedulerContract('BullMQ on Redis', async (retry, clock) => bull(`sp-fu-${randomUUID().slice(0, 8)}`, retry, clock));

describe('BullMQ scheduler across processes', () => {
  const open: Scheduler[] = [];
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
  });

  it('two workers on one Redis run each follow-up exactly once', async () => {
    const prefix = `sp-fu-${randomUUID().slice(0, 8)}`;
    const [a, b] = [bull(prefix), bull(prefix)];
    open.push(a, b);
    const runs = new Map<string, number>();
    const count = async (job: { conversationId: string }) => void runs.set(job.conversationId, (runs.get(job.conversationId) ?? 0) + 1);
    a.startWorker(count, { concurrency: 4 });
    b.startWorker(count, { concurrency: 4 });
    const due = Date.now() + 2000;
    // Both web processes schedule the same follow-ups (a retried webhook, two instances): still one job each.
    for (let i = 0; i < 50; i++) {
      await a.schedule({ conversationId: `p${i}`, followUp: 'did_you_go', vars: {} }, due);
      await b.schedule({ conversationId: `p${i}`, followUp: 'did_you_go', vars: {} }, due);
    }
    for (let waited = 0; runs.size < 50 && waited < 10_000; waited += 50) await sleep(50);
    await sleep(300);
    expect(runs.size).toBe(50);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('a follow-up whose worker is killed mid-job is run by another worker', async () => {
    const prefix = `sp-fu-${randomUUID().slice(0, 8)}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hanging-worker.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, REDIS_HOST: connection.host, REDIS_PORT: String(connection.port), PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('started') && resolve()));
    const s = createBullScheduler({ connection, followUps: FOLLOW_UPS, prefix, retry: { attempts: 3, backoffMs: 50 }, lockDurationMs: 1000 });
    open.push(s);
    await s.schedule({ conversationId: 'killed', followUp: 'recheck', vars: { score: 8 } }, Date.now());
    await started;
    child.kill('SIGKILL');
    const ran: string[] = [];
    s.startWorker(async (job) => void ran.push(`${job.conversationId}:${job.vars.score}`));
    for (let waited = 0; ran.length === 0 && waited < 15_000; waited += 100) await sleep(100);
    expect(ran).toEqual(['killed:8']);
  }, 20_000);
});
