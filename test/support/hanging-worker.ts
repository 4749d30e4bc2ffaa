// A worker process that takes a follow-up job and never finishes it, so a test can kill it mid-job.
import { createBullScheduler } from '../../src/followups/bull-scheduler.js';

const scheduler = createBullScheduler({
  connection: { host: process.env.REDIS_HOST!, port: Number(process.env.REDIS_PORT) },
  followUps: ['recheck'],
  prefix: process.env.PREFIX!,
  lockDurationMs: 1000,
});
scheduler.startWorker(async () => {
  process.stdout.write('started\n');
  await new Promise(() => {});
});
