import type { Cluster, Redis, Result, ClientContext } from 'ioredis';

export type RedisClient = Redis | Cluster;

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    signpostReleaseLock(lockKey: string, token: string): Result<number, Context>;
    signpostRecordHandled(
      handledKey: string,
      messageId: string,
      entry: string,
      nowMs: number,
      ttlMs: number,
    ): Result<number, Context>;
  }
}

/** Delete the lock only if it still holds our token: a holder whose lock expired must not free the next one's. */
const releaseLock = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * Add one handled-message entry, drop entries past their own expiry (so an active conversation's hash stays
 * small), and push the hash's expiry out to the newest entry's so the whole hash goes when its last entry does.
 */
const recordHandled = `
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
local now = tonumber(ARGV[3])
local all = redis.call('hgetall', KEYS[1])
for i = 1, #all, 2 do
  local expiresAt = tonumber(string.match(all[i + 1], '^(%d+):'))
  if expiresAt and expiresAt <= now then redis.call('hdel', KEYS[1], all[i]) end
end
if redis.call('pttl', KEYS[1]) < tonumber(ARGV[4]) then redis.call('pexpire', KEYS[1], ARGV[4]) end
return 1`;

export function defineStoreScripts(client: RedisClient): void {
  client.defineCommand('signpostReleaseLock', { numberOfKeys: 1, lua: releaseLock });
  client.defineCommand('signpostRecordHandled', { numberOfKeys: 1, lua: recordHandled });
}
