import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Above this a Redis command counts as failed, so a webhook can still answer (with a fallback) inside 2 s. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * Fail fast while Redis is down and reconnect on its own when it is back: no offline queue (commands are
 * refused at once instead of piling up), no replay of commands that were in flight when the connection dropped
 * (their callers have already given up; a late write would surprise them), and reconnect attempts at most a
 * second apart. Commands from turns running at the same moment go out in one write (auto-pipelining), which
 * under load is fewer syscalls for the same round trips.
 */
const FAIL_FAST: RedisOptions = {
  connectTimeout: COMMAND_TIMEOUT_MS,
  commandTimeout: COMMAND_TIMEOUT_MS,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  enableAutoPipelining: true,
};

export function createRedisClient(url: string, onError: (error: Error) => void = () => {}): Redis {
  const client = new Redis(url, FAIL_FAST);
  // Failures reach callers as rejected commands and ping(); without a listener ioredis prints every retry.
  client.on('error', onError);
  return client;
}

/**
 * A Redis Cluster client from one or more seed nodes (`redis://host:port`): the rest of the cluster is found
 * from them. Same fail-fast behaviour as a single node. Every per-conversation key carries a hash tag, so a
 * turn's scripts and transactions stay in one slot.
 */
export function createRedisClusterClient(urls: string[], onError: (error: Error) => void = () => {}): Cluster {
  const seeds = urls.map((url) => {
    const { hostname, port } = new URL(url);
    return { host: hostname, port: Number(port || 6379) };
  });
  const first = new URL(urls[0]!);
  const auth = {
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const cluster = new Cluster(seeds, {
    redisOptions: { ...FAIL_FAST, ...auth },
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    slotsRefreshTimeout: 1000,
  });
  cluster.on('error', onError);
  return cluster;
}
