import { decodeHandledEntry, encodeHandledEntry } from './handled-entry.js';
import { leaveQueue, waitForTicket } from './redis-lock.js';
import { conversationKey, ERASE_MARKER_SUFFIX, erasableKeys, lockKeys, type KeySuffix } from './redis-keys.js';
import { RedisPeers } from './redis-peers.js';
import { defineStoreScripts, type RedisClient } from './redis-scripts.js';
import { replayFields } from './replay-fields.js';
import { arrivedBeforeErasure, ERASE_MARKER_TTL_SECONDS, erasingMessage, SEGMENT_COUNT_TTL_SECONDS, type BeginTurnOptions, type ErasingMessage, type Erasure, type FloodBucket, type FloodVerdict, type Lock, type LockOptions, type ReplayKeys, type StartedTurn, type Store, type TurnCommit } from './store.js';

const FLOOD_VERDICTS: Record<number, FloodVerdict> = { 1: 'ok', 2: 'notice', 3: 'silent', 4: 'erased' };

export interface RedisStoreOptions {
  /** First part of every key, so several deployments (or test files) can share one Redis. */
  prefix?: string;
  /**
   * The settle window for messages with an arrival time (settle-arrival.ts), applied only while another
   * instance settling on the same prefix is listed, or may be (redis-peers.ts). A store with one lists itself as
   * an instance; 0 (the default) never settles and is not listed: a follow-up worker, a script, a test.
   */
  orderSettleMs?: number;
  /** How often an instance refreshes its listing (default 1 s); tests shorten it. */
  announceEveryMs?: number;
}

/**
 * Conversations in Redis: `<prefix>:{id}:session` (string with the session ttl), `<prefix>:{id}:handled` (hash
 * messageId -> `<expiresAtMs>:<result>`, the newest few), `<prefix>:{id}:seen` (hash of replay keys -> expiry
 * ms, every message of the last day), the lock queue `<prefix>:{id}:queue|alive|tickets` while turns run, and
 * after an erasure `<prefix>:{id}:erased` (when, for a day); `<prefix>:instances` lists the instances that settle.
 * Handled results and replay keys expire one by one: each is checked against its own expiry on read and pruned
 * on a later write, and each hash expires with its newest entry. The store owns the client it is given:
 * close() ends it. Build one with createRedisClient().
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly prefix: string;
  private readonly orderSettleMs: number;
  private readonly peers: RedisPeers | undefined;

  constructor(
    private readonly client: RedisClient,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'sp';
    // Redis hashes the first {…} in a key: braces here would put every conversation in one Cluster slot.
    if (/[{}]/.test(this.prefix)) throw new Error('key prefix must not contain { or }');
    defineStoreScripts(client);
    this.orderSettleMs = options.orderSettleMs ?? 0;
    this.peers = this.orderSettleMs > 0 ? new RedisPeers(client, `${this.prefix}:instances`, options.announceEveryMs ?? 1_000) : undefined;
  }

  /**
   * Resolves once every other instance on this prefix has had time to see this one (about 2 s when there are
   * any, at once when there are none): a server takes messages only then, so none is handled out of order
   * because a peer did not yet know to wait for it.
   */
  async seenByPeers(): Promise<void> {
    await this.peers?.seenByPeers;
  }

  async getSession(conversationId: string): Promise<string | null> {
    return this.client.get(this.key(conversationId, 'session'));
  }

  async getHandledMessage(conversationId: string, messageId: string): Promise<string | null> {
    const raw = await this.client.hget(this.key(conversationId, 'handled'), handledField(messageId));
    return decodeHandledEntry(raw, Date.now());
  }

  async wasHandled(conversationId: string, replay: ReplayKeys): Promise<boolean> {
    const fields = replayFields(replay);
    if (fields.length === 0) return false;
    const expiries = await this.client.hmget(this.key(conversationId, 'seen'), ...fields);
    return expiries.some((expiresAt) => isLive(expiresAt, Date.now()));
  }

  async commitTurn(conversationId: string, turn: TurnCommit): Promise<void> {
    await this.commit(conversationId, turn, '');
  }

  async erase(conversationId: string, erasure: Erasure = {}): Promise<void> {
    await this.leaveTombstones(conversationId, erasure.message);
    await this.exec(this.eraseKeys(this.client.multi(), conversationId, erasure.at));
  }

  async erasedSince(conversationId: string, arrivedAt: number): Promise<boolean> {
    const erasedAt = await this.client.get(this.key(conversationId, ERASE_MARKER_SUFFIX));
    return arrivedBeforeErasure(arrivedAt, erasedAt === null ? null : Number(erasedAt));
  }

  async wasErased(replay: ReplayKeys): Promise<boolean> {
    // One call per key: tombstones carry no hash tag, so in a Cluster they live in different slots.
    const found = await Promise.all(replayFields(replay).map((field) => this.client.exists(this.tombstoneKey(field))));
    return found.some((n) => n > 0);
  }

  /** Two round trips a turn once the lock is ours: ticket and reads in one script, writes and release in another. */
  async beginTurn(conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null> {
    const keys = lockKeys(this.prefix, conversationId);
    const [field1 = '', field2 = ''] = replayFields(options);
    const ticket = await waitForTicket(this.client, keys, options, this.settleMs(), async (token, mode, settled) => {
      const read = await this.client.signpostBeginTurn(
        ...keys,
        this.key(conversationId, 'session'),
        this.key(conversationId, 'handled'),
        this.key(conversationId, 'seen'),
        this.key(conversationId, ERASE_MARKER_SUFFIX),
        token,
        options.ttlMs,
        mode,
        options.messageId ? handledField(options.messageId) : '',
        field1,
        field2,
        options.arrivedAt ?? '',
        settled,
      );
      return typeof read === 'number' ? (read as 0 | -1) : read;
    });
    if (!ticket) return null;
    const { value: read, token, stopRenewing } = ticket;
    const now = Date.now();
    const handled = decodeHandledEntry(read[2], now);
    let replayed = handled !== null || isLive(read[3], now) || isLive(read[4], now);
    // A conversation with no session may have been erased with this very message in it: a second round trip,
    // only for turns that start a conversation.
    if (!replayed && read[1] === null && field1) {
      try {
        replayed = await this.wasErased(options);
      } catch (error) {
        stopRenewing();
        await leaveQueue(this.client, keys, token).catch(() => {});
        throw error;
      }
    }
    const release = async <T>(work: Promise<T>): Promise<T> => {
      stopRenewing();
      return work;
    };
    return {
      session: read[1],
      handled,
      replayed,
      erased: arrivedBeforeErasure(options.arrivedAt, read[5] === null ? null : Number(read[5])),
      commit: (turn) => release(this.commit(conversationId, turn, token)),
      erase: async (replayTtlSeconds, at) => {
        // Tombstones first: a crash between the two leaves the person in place (with a session, so a retry runs
        // and erases), never erased with a retry free to bring them back.
        await this.leaveTombstones(conversationId, erasingMessage(options, replayTtlSeconds));
        await release(this.exec(this.eraseKeys(this.client.multi(), conversationId, at).signpostLeaveQueue(...keys, token)));
      },
      abandon: () => release(leaveQueue(this.client, keys, token)),
    };
  }

  async lock(conversationId: string, options: LockOptions): Promise<Lock | null> {
    const keys = lockKeys(this.prefix, conversationId);
    const ticket = await waitForTicket(this.client, keys, options, this.settleMs(), async (token, mode, settled) => {
      const held = await this.client.signpostTakeTicket(...keys, token, options.ttlMs, mode, options.arrivedAt ?? '', settled);
      return held === 1 ? true : (held as 0 | -1);
    });
    if (!ticket) return null;
    return {
      release: async () => {
        ticket.stopRenewing();
        await leaveQueue(this.client, keys, ticket.token);
      },
    };
  }

  async takeFloodToken(conversationId: string, bucket: FloodBucket, arrivedAt?: number): Promise<FloodVerdict> {
    const verdict = await this.client.signpostTakeFloodToken(this.key(conversationId, 'flood'), this.key(conversationId, ERASE_MARKER_SUFFIX), bucket.burst, bucket.refillMs, arrivedAt ?? '');
    return FLOOD_VERDICTS[verdict] ?? 'ok';
  }

  async addOutboundSegments(day: string, segments: number): Promise<number> {
    const key = `${this.prefix}:segments:${day}`;
    const [[, total]] = (await this.client.multi().incrby(key, segments).expire(key, SEGMENT_COUNT_TTL_SECONDS).exec()) as [[Error | null, number]];
    return total;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await this.peers?.stop();
    try {
      await this.client.quit();
    } catch {
      // quit needs a live connection; when Redis is down just drop the socket.
      this.client.disconnect();
    }
  }

  /** The settle window, when another instance may be racing this one's messages; else none. */
  private settleMs(): number {
    return this.peers?.mayHavePeers() ? this.orderSettleMs : 0;
  }

  /** The session, the handled result and replay keys written, and the lock released when `token` is ours, in one script. */
  private async commit(conversationId: string, turn: TurnCommit, token: string): Promise<void> {
    const now = Date.now();
    const handledTtlMs = turn.handled ? Math.round(turn.handled.ttlSeconds * 1000) : 0;
    const resultTtlMs = turn.handled ? Math.round((turn.handled.resultTtlSeconds ?? turn.handled.ttlSeconds) * 1000) : 0;
    const [field1 = '', field2 = ''] = turn.handled ? replayFields(turn.handled) : [];
    await this.client.signpostCommitTurn(
      this.key(conversationId, 'session'),
      this.key(conversationId, 'handled'),
      this.key(conversationId, 'seen'),
      ...lockKeys(this.prefix, conversationId),
      turn.session ?? '',
      // Milliseconds (PX): a fractional ttl is fine here, as in the memory store, instead of a Redis error.
      Math.round(turn.sessionTtlSeconds * 1000),
      turn.handled ? handledField(turn.handled.messageId) : '',
      turn.handled ? encodeHandledEntry(turn.handled.result, now + resultTtlMs) : '',
      now,
      handledTtlMs,
      token,
      field1,
      field2,
      resultTtlMs,
    );
  }

  /** The conversation's live replay keys, and the erasing message's, as tombstones expiring when each would have. */
  private async leaveTombstones(conversationId: string, erasing?: ErasingMessage): Promise<void> {
    const now = Date.now();
    const expiries = new Map(Object.entries(await this.client.hgetall(this.key(conversationId, 'seen'))).map(([field, at]) => [field, Number(at)]));
    if (erasing) for (const field of replayFields(erasing)) expiries.set(field, now + erasing.ttlSeconds * 1000);
    await Promise.all([...expiries].filter(([, at]) => at > now).map(([field, at]) => this.client.set(this.tombstoneKey(field), '1', 'PX', Math.ceil(at - now))));
  }

  /** Every key about the person goes; the erase marker (when, for a day) stays, in the same transaction. */
  private eraseKeys(tx: ReturnType<RedisClient['multi']>, conversationId: string, at = Date.now()): ReturnType<RedisClient['multi']> {
    return tx.del(...erasableKeys(this.prefix, conversationId)).set(this.key(conversationId, ERASE_MARKER_SUFFIX), String(at), 'PX', ERASE_MARKER_TTL_SECONDS * 1000);
  }

  private tombstoneKey(field: string): string {
    return `${this.prefix}:erased:${field}`;
  }

  /** MULTI reports a failed command inside the results instead of rejecting. */
  private async exec(tx: ReturnType<RedisClient['multi']>): Promise<void> {
    const results = await tx.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error('Redis transaction was aborted');
  }

  private key(conversationId: string, suffix: KeySuffix): string {
    return conversationKey(this.prefix, conversationId, suffix);
  }
}

/** A result is filed under its message id's digest, as its replay key is: a fraction of the id's bytes. */
function handledField(messageId: string): string {
  return replayFields({ messageId })[0]!;
}

/** A replay key's stored expiry (ms) is still ahead. */
function isLive(expiresAt: string | null, nowMs: number): boolean {
  return expiresAt !== null && Number(expiresAt) > nowMs;
}
