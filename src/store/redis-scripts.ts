import type { Cluster, Redis, Result, ClientContext } from 'ioredis';
import { HANDLED_RESULTS } from './store.js';

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
    signpostCommitTurn(
      sessionKey: string,
      handledKey: string,
      lockKey: string,
      session: string,
      sessionTtlMs: number,
      messageId: string,
      entry: string,
      nowMs: number,
      handledTtlMs: number,
      token: string,
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

/**
 * A finished turn's writes and the lock's release in one round trip. KEYS: session, handled, lock. ARGV: the
 * session ('' removes it: a serialised session is never empty), its ttl in ms, then the message id ('' when
 * there is none to record), its handled entry, now and the entry's ttl in ms, then the lock token ('' when no
 * lock is held). The lock goes first (the script runs whole, so nothing can slip in) and so is released even
 * if a write fails. A handled entry pushes the hash's expiry out to the newest entry's, so the whole hash goes
 * when its last entry does. Once more than `trimAbove` entries pile up, expired ones and the oldest go until
 * `keep` remain: entries start with their expiry, and newer means later to expire (a resident's turns run
 * one at a time, each at least two round trips long, so two sharing a millisecond is rare, and then the
 * message id decides).
 */
const commitTurn = `
if ARGV[7] ~= '' and redis.call('get', KEYS[3]) == ARGV[7] then redis.call('del', KEYS[3]) end
if ARGV[1] == '' then redis.call('del', KEYS[1]) else redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
if ARGV[3] ~= '' then
  redis.call('hset', KEYS[2], ARGV[3], ARGV[4])
  if redis.call('hlen', KEYS[2]) > ${HANDLED_RESULTS.trimAbove} then
    local now = tonumber(ARGV[5])
    local all = redis.call('hgetall', KEYS[2])
    local live = {}
    for i = 1, #all, 2 do
      local expiresAt = tonumber(string.match(all[i + 1], '^(%d+):'))
      if expiresAt and expiresAt > now then table.insert(live, { all[i], expiresAt }) else redis.call('hdel', KEYS[2], all[i]) end
    end
    table.sort(live, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] > b[1]) end)
    for i = ${HANDLED_RESULTS.keep} + 1, #live do redis.call('hdel', KEYS[2], live[i][1]) end
  end
  if redis.call('pttl', KEYS[2]) < tonumber(ARGV[6]) then redis.call('pexpire', KEYS[2], ARGV[6]) end
end
return 1`;

export function defineStoreScripts(client: RedisClient): void {
  client.defineCommand('signpostReleaseLock', { numberOfKeys: 1, lua: releaseLock });
  client.defineCommand('signpostBeginTurn', { numberOfKeys: 3, lua: beginTurn });
  client.defineCommand('signpostCommitTurn', { numberOfKeys: 3, lua: commitTurn });
}
