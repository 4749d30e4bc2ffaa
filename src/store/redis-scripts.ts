import type { Cluster, Redis, Result, ClientContext } from 'ioredis';
import { HANDLED_RESULTS } from './store.js';

export type RedisClient = Redis | Cluster;

/** 'join' on a ticket's first call; '' afterwards, when a ticket no longer in the queue has lost its place. */
export type TicketMode = 'join' | '';

/** '1' once the ticket's settle window (settle-arrival.ts) has passed, or it has none; '' before. */
export type Settled = '1' | '';

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    /** 1 when `token` holds the lock now, 0 when it waits its turn, -1 when its place was lost (expired). */
    signpostTakeTicket(queueKey: string, aliveKey: string, ticketsKey: string, token: string, ttlMs: number, mode: TicketMode, arrivedAt: number | '', settled: Settled): Result<number, Context>;
    signpostLeaveQueue(queueKey: string, aliveKey: string, ticketsKey: string, token: string): Result<number, Context>;
    /** How many other instances are listed, once this one is (see redis-peers.ts). */
    signpostListInstance(instancesKey: string, id: string, lifetimeMs: number): Result<number, Context>;
    /** 1 ok, 2 notice, 3 silent, 4 erased (see takeFloodToken). */
    signpostTakeFloodToken(floodKey: string, erasedKey: string, burst: number, refillMs: number, arrivedAt: number | ''): Result<number, Context>;
    signpostBeginTurn(
      queueKey: string,
      aliveKey: string,
      ticketsKey: string,
      sessionKey: string,
      handledKey: string,
      seenKey: string,
      erasedKey: string,
      token: string,
      ttlMs: number,
      mode: TicketMode,
      messageId: string,
      replayField1: string,
      replayField2: string,
      arrivedAt: number | '',
      settled: Settled,
    ): Result<[number, string | null, string | null, string | null, string | null, string | null] | number, Context>;
    signpostCommitTurn(
      sessionKey: string,
      handledKey: string,
      seenKey: string,
      queueKey: string,
      aliveKey: string,
      ticketsKey: string,
      session: string,
      sessionTtlMs: number,
      messageId: string,
      entry: string,
      nowMs: number,
      handledTtlMs: number,
      token: string,
      replayField1: string,
      replayField2: string,
      resultTtlMs: number,
    ): Result<number, Context>;
  }
}

/**
 * The lock is a ticket queue (first come, first served, as Rasa's lock store does): KEYS queue (zset token ->
 * place), alive (zset token -> deadline ms), tickets (counter). A call takes a ticket the first time and renews
 * its deadline every time; tickets whose deadline passed (a dead process) are dropped, wherever they stand; the
 * lowest place holds the lock. A place is the message's arrival time (ms, given by the caller, else Redis'
 * now) times 1000 plus the counter, so tickets line up in arrival order however late each was taken, and
 * ties within a millisecond keep the order they were taken in. A ticket at the front holds the lock only once
 * `settled` (its settle window passed): until then an earlier arrival may still join ahead of it. The holder's
 * place becomes 0: a ticket taken late for an earlier arrival goes next, never ahead of a turn already running. Deadlines are on Redis' own
 * clock, so every instance agrees. Sets `held` (1, 0 or -1 as signpostTakeTicket returns). The keys expire on
 * their own once every ticket holder is gone.
 */
const takeTicket = (token: string, ttl: string, mode: string, arrivedAt: string, settled: string) => `
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(${ttl})
for _, dead in ipairs(redis.call('zrangebyscore', KEYS[2], '-inf', now)) do
  redis.call('zrem', KEYS[1], dead)
  redis.call('zrem', KEYS[2], dead)
end
local held = 0
if redis.call('zscore', KEYS[1], ${token}) then
  redis.call('zadd', KEYS[2], now + ttl, ${token})
elseif ${mode} == 'join' then
  local arrived = math.floor(tonumber(${arrivedAt}) or now)
  redis.call('zadd', KEYS[1], arrived * 1000 + redis.call('incr', KEYS[3]) % 1000, ${token})
  redis.call('zadd', KEYS[2], now + ttl, ${token})
else
  held = -1
end
if held == 0 and ${settled} == '1' then
  local first = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
  if first[1] == ${token} then
    held = 1
    if first[2] ~= '0' then redis.call('zadd', KEYS[1], 0, ${token}) end
  end
end
for i = 1, 3 do redis.call('pexpire', KEYS[i], ttl + 1000) end
`;

/** Leave the queue (release, or give up waiting); the counter goes with the last ticket. */
const leaveQueue = `
redis.call('zrem', KEYS[1], ARGV[1])
redis.call('zrem', KEYS[2], ARGV[1])
if redis.call('zcard', KEYS[1]) == 0 then redis.call('del', KEYS[1], KEYS[2], KEYS[3]) end
return 1`;

const takeTicketScript = `${takeTicket('ARGV[1]', 'ARGV[2]', 'ARGV[3]', 'ARGV[4]', 'ARGV[5]')}
return held`;

/**
 * A turn's first round trip: take (or renew) our ticket and, once it holds the lock, read the session, this
 * message's stored result, whether either replay key was seen, with its expiry, and when the conversation was
 * last erased (the erase marker). KEYS: queue, alive, tickets, session, handled, seen, erased. ARGV: token,
 * ttl ms, 'join' or '', message id, replay fields, arrival ms, settled.
 */
const beginTurn = `${takeTicket('ARGV[1]', 'ARGV[2]', 'ARGV[3]', 'ARGV[7]', 'ARGV[8]')}
if held ~= 1 then return held end
local handled = false
if ARGV[4] ~= '' then handled = redis.call('hget', KEYS[5], ARGV[4]) end
local seen1 = false
local seen2 = false
if ARGV[5] ~= '' then seen1 = redis.call('hget', KEYS[6], ARGV[5]) end
if ARGV[6] ~= '' then seen2 = redis.call('hget', KEYS[6], ARGV[6]) end
return { 1, redis.call('get', KEYS[4]), handled, seen1, seen2, redis.call('get', KEYS[7]) }`;

/**
 * A finished turn's writes and the lock's release in one round trip. KEYS: session, handled, seen, queue,
 * alive, tickets. ARGV: the session ('' removes it: a serialised session is never empty), its ttl in ms, then
 * the message id ('' when there is none to record), its handled entry, now and the entry's ttl in ms, then the
 * lock token ('' when no lock is held), the replay fields and the result's ttl in ms. The lock goes first (the script runs whole, so
 * nothing can slip in) and so is released even if a write fails. A handled entry pushes the hash's expiry out
 * to the newest entry's, so the whole hash goes when its last entry does. Once more than `trimAbove` results
 * pile up, expired ones and the oldest go until `keep` remain: this turn's own result always stays, and of the
 * others, entries start with their expiry and newer means later to expire. Replay fields (`seen`: field ->
 * expiry ms) are never trimmed by count: only expired ones go, swept each time the hash passes another 32
 * fields (amortised O(1) a write however busy the day).
 */
const commitTurn = `
if ARGV[7] ~= '' then
  redis.call('zrem', KEYS[4], ARGV[7])
  redis.call('zrem', KEYS[5], ARGV[7])
  if redis.call('zcard', KEYS[4]) == 0 then redis.call('del', KEYS[4], KEYS[5], KEYS[6]) end
end
if ARGV[1] == '' then redis.call('del', KEYS[1]) else redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
if ARGV[3] ~= '' then
  local now = tonumber(ARGV[5])
  local expiresAt = now + tonumber(ARGV[6])
  redis.call('hset', KEYS[2], ARGV[3], ARGV[4])
  if redis.call('hlen', KEYS[2]) > ${HANDLED_RESULTS.trimAbove} then
    local all = redis.call('hgetall', KEYS[2])
    local live = {}
    for i = 1, #all, 2 do
      local entryExpires = tonumber(string.match(all[i + 1], '^(%d+):'))
      if all[i] == ARGV[3] then
        -- this turn's own result always stays; the others compete for the remaining places
      elseif entryExpires and entryExpires > now then table.insert(live, { all[i], entryExpires })
      else redis.call('hdel', KEYS[2], all[i]) end
    end
    table.sort(live, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] > b[1]) end)
    for i = ${HANDLED_RESULTS.keep}, #live do redis.call('hdel', KEYS[2], live[i][1]) end
  end
  if redis.call('pttl', KEYS[2]) < tonumber(ARGV[10]) then redis.call('pexpire', KEYS[2], ARGV[10]) end
  for i = 8, 9 do
    if ARGV[i] ~= '' then redis.call('hset', KEYS[3], ARGV[i], expiresAt) end
  end
  local seenCount = redis.call('hlen', KEYS[3])
  if seenCount > 32 and seenCount % 32 == 1 then
    local all = redis.call('hgetall', KEYS[3])
    for i = 1, #all, 2 do
      if tonumber(all[i + 1]) <= now then redis.call('hdel', KEYS[3], all[i]) end
    end
  end
  if redis.call('pttl', KEYS[3]) < tonumber(ARGV[6]) then redis.call('pexpire', KEYS[3], ARGV[6]) end
end
return 1`;

/**
 * A token bucket per sender: KEYS flood (hash tokens, at, noticed), erased (the erase marker). ARGV burst,
 * refill ms, arrival ms ('' when unknown). A message that arrived before the conversation was erased answers 4
 * and leaves no bucket behind (arrivedBeforeErasure in store.ts, the same rule). Tokens refill continuously on
 * Redis' clock; an empty bucket answers 2 (notice) the first time and 3 (silent) after that, until the bucket is
 * full again. The key lives only until a full refill, so an idle sender holds nothing.
 */
const takeFloodToken = `
local erasedAt = tonumber(redis.call('get', KEYS[2]))
local arrived = tonumber(ARGV[3])
if erasedAt and arrived and arrived < erasedAt then return 4 end
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local state = redis.call('hmget', KEYS[1], 'tokens', 'at', 'noticed')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local noticed = state[3] == '1'
tokens = math.min(burst, tokens + (now - at) / refill)
if tokens >= burst then noticed = false end
local verdict = 1
if tokens >= 1 then
  tokens = tokens - 1
elseif noticed then
  verdict = 3
else
  verdict = 2
  noticed = true
end
redis.call('hset', KEYS[1], 'tokens', tostring(tokens), 'at', now, 'noticed', noticed and '1' or '0')
redis.call('pexpire', KEYS[1], math.ceil((burst - tokens) * refill) + 1000)
return verdict`;

/**
 * An instance lists itself: KEYS instances (zset id -> expiry ms, on Redis' clock so every instance agrees),
 * ARGV id, lifetime ms. Listings past their expiry go; answers how many other instances remain. The key
 * expires with its longest-lived listing, so it goes once every instance has stopped.
 */
const listInstance = `
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lifetime = tonumber(ARGV[2])
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
redis.call('zadd', KEYS[1], now + lifetime, ARGV[1])
if redis.call('pttl', KEYS[1]) < lifetime then redis.call('pexpire', KEYS[1], lifetime) end
return redis.call('zcard', KEYS[1]) - 1`;

export function defineStoreScripts(client: RedisClient): void {
  client.defineCommand('signpostTakeTicket', { numberOfKeys: 3, lua: takeTicketScript });
  client.defineCommand('signpostLeaveQueue', { numberOfKeys: 3, lua: leaveQueue });
  client.defineCommand('signpostListInstance', { numberOfKeys: 1, lua: listInstance });
  client.defineCommand('signpostTakeFloodToken', { numberOfKeys: 2, lua: takeFloodToken });
  client.defineCommand('signpostBeginTurn', { numberOfKeys: 7, lua: beginTurn });
  client.defineCommand('signpostCommitTurn', { numberOfKeys: 6, lua: commitTurn });
}
