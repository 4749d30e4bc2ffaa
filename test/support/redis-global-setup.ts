import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * Every suite talks to a real Redis. Use REDIS_URL when set; otherwise start our own redis-server on a free
 * port (no persistence) and stop it when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) {
    await assertReachable(process.env.REDIS_URL);
    project.provide('redisUrl', process.env.REDIS_URL);
    return async () => {};
  }
  const server = await startRedisServer().catch((error: unknown) => {
    throw new Error(`could not start redis-server (is it installed? apt-get install -y redis-server): ${String(error)}`);
  });
  project.provide('redisUrl', server.url);
  return () => server.stop();
}

async function assertReachable(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
