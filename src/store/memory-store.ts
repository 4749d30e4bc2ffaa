import { beginTurnStepByStep, HANDLED_RESULTS, type BeginTurnOptions, type Lock, type LockOptions, type StartedTurn, type Store, type TurnCommit } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The embedded default for a laptop: everything lives in this process and is lost on restart.
 * Same contract as the Redis store (test/store/contract.ts), including TTLs and the per-conversation lock.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Entry>();
  private readonly handled = new Map<string, Map<string, Entry>>();
  private readonly locks = new Map<string, { token: number; expiresAt: number }>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private nextToken = 1;

  constructor(private readonly now: () => number = Date.now) {}

  async getSession(conversationId: string): Promise<string | null> {
    return this.live(this.sessions, conversationId);
  }

  async getHandledMessage(conversationId: string, messageId: string): Promise<string | null> {
    const byMessage = this.handled.get(conversationId);
    return byMessage ? this.live(byMessage, messageId) : null;
  }

  async commitTurn(conversationId: string, turn: TurnCommit): Promise<void> {
    if (turn.session === null) this.sessions.delete(conversationId);
    else this.sessions.set(conversationId, this.entry(turn.session, turn.sessionTtlSeconds));
    if (turn.handled) {
      let byMessage = this.handled.get(conversationId);
      if (!byMessage) this.handled.set(conversationId, (byMessage = new Map()));
      byMessage.set(turn.handled.messageId, this.entry(turn.handled.result, turn.handled.ttlSeconds));
      if (byMessage.size > HANDLED_RESULTS.trimAbove) this.trimHandled(byMessage);
    }
  }

  async erase(conversationId: string): Promise<void> {
    this.sessions.delete(conversationId);
    this.handled.delete(conversationId);
  }

  async lock(conversationId: string, options: LockOptions): Promise<Lock | null> {
    const deadline = this.now() + options.waitMs;
    for (;;) {
      const held = this.locks.get(conversationId);
      if (!held || held.expiresAt <= this.now()) {
        const token = this.nextToken++;
        this.locks.set(conversationId, { token, expiresAt: this.now() + options.ttlMs });
        return { release: async () => this.unlock(conversationId, token) };
      }
      const remaining = Math.min(deadline, held.expiresAt) - this.now();
      if (deadline - this.now() <= 0) return null;
      await this.waitForRelease(conversationId, remaining);
    }
  }

  beginTurn(conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null> {
    return beginTurnStepByStep(this, conversationId, options);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.sessions.clear();
    this.handled.clear();
  }

  /** Number of live sessions; for tests and metrics. */
  get size(): number {
    return this.sessions.size;
  }

  private unlock(conversationId: string, token: number): void {
    if (this.locks.get(conversationId)?.token !== token) return;
    this.locks.delete(conversationId);
    const queue = this.waiters.get(conversationId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiters.delete(conversationId);
    next?.();
  }

  private waitForRelease(conversationId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let queue = this.waiters.get(conversationId);
      if (!queue) this.waiters.set(conversationId, (queue = []));
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const list = this.waiters.get(conversationId);
        const at = list?.indexOf(wake) ?? -1;
        if (list && at >= 0) list.splice(at, 1);
        resolve();
      }, Math.max(1, ms));
      queue.push(wake);
    });
  }

  /**
   * Expired results out, then the soonest to expire until `keep` remain, as the Redis store does; among
   * results expiring in the same millisecond, the newest written stay.
   */
  private trimHandled(byMessage: Map<string, Entry>): void {
    const now = this.now();
    const live = [...byMessage].reverse().filter(([, entry]) => entry.expiresAt > now).sort(([, a], [, b]) => b.expiresAt - a.expiresAt);
    const kept = new Set(live.slice(0, HANDLED_RESULTS.keep).map(([messageId]) => messageId));
    for (const messageId of [...byMessage.keys()]) if (!kept.has(messageId)) byMessage.delete(messageId);
  }

  private entry(value: string, ttlSeconds: number): Entry {
    return { value, expiresAt: this.now() + ttlSeconds * 1000 };
  }

  private live(map: Map<string, Entry>, key: string): string | null {
    const entry = map.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      map.delete(key);
      return null;
    }
    return entry.value;
  }
}
