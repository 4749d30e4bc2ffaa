import { decodeHandledEntry, encodeHandledEntry } from './handled-entry.js';
import { acquireRedisLock, nextLockToken, retryUntil } from './redis-lock.js';
import { conversationKey, erasableKeys, type KeySuffix } from './redis-keys.js';
import { defineStoreScripts, type RedisClient } from './redis-scripts.js';
import type { BeginTurnOptions, Lock, LockOptions, StartedTurn, Store, TurnCommit } from './store.js';

export interface RedisStoreOptions {
  /** First part of every key, so several deployments (or test files) can share one Redis. */
  prefix?: string;
}

/**
 * Conversations in Redis: `<prefix>:{id}:session` (string with the session ttl), `<prefix>:{id}:handled` (hash
 * messageId -> `<expiresAtMs>:<result>`), `<prefix>:{id}:lock`. Handled results expire one by one: each is
 * checked against its own expiry on read and pruned on the next write, and the hash itself expires with its
 * newest entry, so no result is ever returned after its ttl and none lingers in Redis longer than the hash.
 * The store owns the client it is given: close() ends it. Build one with createRedisClient().
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly prefix: string;

  constructor(
    private readonly client: RedisClient,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'sp';
    // Redis hashes the first {…} in a key: braces here would put every conversation in one Cluster slot.
    if (/[{}]/.test(this.prefix)) throw new Error('key prefix must not contain { or }');
    defineStoreScripts(client);
  }

  async getSession(conversationId: string): Promise<string | null> {
    return this.client.get(this.key(conversationId, 'session'));
  }

  async getHandledMessage(conversationId: string, messageId: string): Promise<string | null> {
    const raw = await this.client.hget(this.key(conversationId, 'handled'), messageId);
    return decodeHandledEntry(raw, Date.now());
  }

  async commitTurn(conversationId: string, turn: TurnCommit): Promise<void> {
    await this.commit(conversationId, turn, '');
  }

  async erase(conversationId: string): Promise<void> {
    await this.client.del(...erasableKeys(this.prefix, conversationId));
  }

  /** Two round trips a turn: lock and reads in one script, then writes and release in another. */
  async beginTurn(conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null> {
    const lockKey = this.key(conversationId, 'lock');
    const token = nextLockToken();
    return retryUntil(options.waitMs, async (): Promise<StartedTurn | null> => {
      const read = await this.client.signpostBeginTurn(lockKey, this.key(conversationId, 'session'), this.key(conversationId, 'handled'), token, options.ttlMs, options.messageId ?? '');
      if (!read) return null;
      return {
        session: read[0],
        handled: decodeHandledEntry(read[1], Date.now()),
        commit: (turn) => this.commit(conversationId, turn, token),
        erase: () => this.exec(this.client.multi().del(...erasableKeys(this.prefix, conversationId)).signpostReleaseLock(lockKey, token)),
        abandon: async () => void (await this.client.signpostReleaseLock(lockKey, token)),
      };
    });
  }

  lock(conversationId: string, options: LockOptions): Promise<Lock | null> {
    return acquireRedisLock(this.client, this.key(conversationId, 'lock'), options);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      // quit needs a live connection; when Redis is down just drop the socket.
      this.client.disconnect();
    }
  }

  /** The session and the handled result written, and the lock released when `token` is ours, in one script. */
  private async commit(conversationId: string, turn: TurnCommit, token: string): Promise<void> {
    const now = Date.now();
    const handledTtlMs = turn.handled ? Math.round(turn.handled.ttlSeconds * 1000) : 0;
    await this.client.signpostCommitTurn(
      this.key(conversationId, 'session'),
      this.key(conversationId, 'handled'),
      this.key(conversationId, 'lock'),
      turn.session ?? '',
      // Milliseconds (PX): a fractional ttl is fine here, as in the memory store, instead of a Redis error.
      Math.round(turn.sessionTtlSeconds * 1000),
      turn.handled?.messageId ?? '',
      turn.handled ? encodeHandledEntry(turn.handled.result, now + handledTtlMs) : '',
      now,
      handledTtlMs,
      token,
    );
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
