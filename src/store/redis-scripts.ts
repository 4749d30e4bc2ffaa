import type { Cluster, Redis, Result, ClientContext } from 'ioredis';

export type RedisClient = Redis | Cluster;

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    signpostReleaseLock(lockKey: string, token: string): Result<number, Context>;
    signpostBeginTurn(
      lockKey: string,
      sessionKey: string,
      handledKey: string,
      token: string,
      ttlMs: number,
      messageId: string,
    ): Result<[string | null, string | null] | null, Context>;
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
 * Take the conversation's lock and, only if we got it, read its session and one handled-message entry: a turn's
 * reads in one round trip. Returns nil when the lock is held by someone else.
 */
const beginTurn = `
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return false end
local handled = false
if ARGV[3] ~= '' then handled = redis.call('hget', KEYS[3], ARGV[3]) end
return { redis.call('get', KEYS[2]), handled }`;

/** Entries a busy conversation's hash may hold before expired ones are swept out. */
const SWEEP_ABOVE = 16;

/**
 * Add one handled-message entry and push the hash's expiry out to the newest entry's, so the whole hash goes
 * when its last entry does. Expired entries are swept only once the hash has grown past a few, so a write
 * costs O(1) in the common case and an active conversation's hash still stays small.
 */
const recordHandled = `
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
if redis.call('hlen', KEYS[1]) > ${SWEEP_ABOVE} then
  local now = tonumber(ARGV[3])
  local all = redis.call('hgetall', KEYS[1])
  for i = 1, #all, 2 do
    local expiresAt = tonumber(string.match(all[i + 1], '^(%d+):'))
    if expiresAt and expiresAt <= now then redis.call('hdel', KEYS[1], all[i]) end
  end
end
if redis.call('pttl', KEYS[1]) < tonumber(ARGV[4]) then redis.call('pexpire', KEYS[1], ARGV[4]) end
return 1`;

export function defineStoreScripts(client: RedisClient): void {
  client.defineCommand('signpostReleaseLock', { numberOfKeys: 1, lua: releaseLock });
  client.defineCommand('signpostBeginTurn', { numberOfKeys: 3, lua: beginTurn });
  client.defineCommand('signpostRecordHandled', { numberOfKeys: 1, lua: recordHandled });
}
