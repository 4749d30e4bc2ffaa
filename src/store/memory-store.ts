import {
  beginTurnStepByStep,
  HANDLED_RESULTS,
  type BeginTurnOptions,
  type FloodBucket,
  type FloodVerdict,
  type Lock,
  type LockOptions,
  type ReplayKeys,
  type StartedTurn,
  type Store,
  type TurnCommit,
} from './store.js';
import { replayFields } from './replay-fields.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** One place in a conversation's lock queue: held by the first live ticket. */
interface Ticket {
  expiresAt: number;
  wake?: () => void;
}

/**
 * The embedded default for a laptop: everything lives in this process and is lost on restart.
 * Same contract as the Redis store (test/store/contract.ts), including TTLs and the first-come-first-served lock.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Entry>();
  private readonly handled = new Map<string, Map<string, Entry>>();
  /** Replay keys of handled messages, by conversation: field -> expiry (ms). */
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly queues = new Map<string, Ticket[]>();
  private readonly floods = new Map<string, { tokens: number; at: number; noticed: boolean }>();
  private readonly segments = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async getSession(conversationId: string): Promise<string | null> {
    return this.live(this.sessions, conversationId);
  }

  async getHandledMessage(conversationId: string, messageId: string): Promise<string | null> {
    const byMessage = this.handled.get(conversationId);
    return byMessage ? this.live(byMessage, messageId) : null;
  }

  async wasHandled(conversationId: string, replay: ReplayKeys): Promise<boolean> {
    const fields = this.seen.get(conversationId);
    const now = this.now();
    return replayFields(replay).some((field) => (fields?.get(field) ?? 0) > now);
  }

  async commitTurn(conversationId: string, turn: TurnCommit): Promise<void> {
    if (turn.session === null) this.sessions.delete(conversationId);
    else this.sessions.set(conversationId, this.entry(turn.session, turn.sessionTtlSeconds));
    if (turn.handled) {
      let byMessage = this.handled.get(conversationId);
      if (!byMessage) this.handled.set(conversationId, (byMessage = new Map()));
      byMessage.set(turn.handled.messageId, this.entry(turn.handled.result, turn.handled.ttlSeconds));
      if (byMessage.size > HANDLED_RESULTS.trimAbove) this.trimHandled(byMessage);
      let fields = this.seen.get(conversationId);
      if (!fields) this.seen.set(conversationId, (fields = new Map()));
      const now = this.now();
      for (const field of replayFields(turn.handled)) fields.set(field, now + turn.handled.ttlSeconds * 1000);
      // Expired ones go as in the Redis store: each time another 32 have piled up.
      if (fields.size > 32 && fields.size % 32 === 1) for (const [field, expiresAt] of fields) if (expiresAt <= now) fields.delete(field);
    }
  }

  async erase(conversationId: string): Promise<void> {
    this.sessions.delete(conversationId);
    this.handled.delete(conversationId);
    this.seen.delete(conversationId);
    this.floods.delete(conversationId);
  }

  /** A ticket at the back of the conversation's queue; ours once every live ticket before it is gone. */
  async lock(conversationId: string, options: LockOptions): Promise<Lock | null> {
    const deadline = this.now() + options.waitMs;
    let queue = this.queues.get(conversationId);
    if (!queue) this.queues.set(conversationId, (queue = []));
    const ticket: Ticket = { expiresAt: this.now() + options.ttlMs };
    queue.push(ticket);
    const renew = options.renewEveryMs ? setInterval(() => (ticket.expiresAt = this.now() + options.ttlMs), options.renewEveryMs) : undefined;
    const leave = () => {
      clearInterval(renew);
      this.leave(conversationId, ticket);
    };
    for (;;) {
      const now = this.now();
      this.dropExpired(conversationId);
      if (ticket.expiresAt <= now) {
        leave();
        return null;
      }
      if (this.queues.get(conversationId)?.[0] === ticket) return { release: async () => leave() };
      if (deadline - now <= 0) {
        leave();
        return null;
      }
      const first = this.queues.get(conversationId)![0]!;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, Math.max(1, Math.min(deadline, first.expiresAt) - now));
        function wake() {
          clearTimeout(timer);
          ticket.wake = undefined;
          resolve();
        }
        ticket.wake = wake;
      });
    }
  }

  /** The same token bucket as the Redis store's script. */
  async takeFloodToken(conversationId: string, bucket: FloodBucket): Promise<FloodVerdict> {
    const now = this.now();
    const state = this.floods.get(conversationId) ?? { tokens: bucket.burst, at: now, noticed: false };
    state.tokens = Math.min(bucket.burst, state.tokens + (now - state.at) / bucket.refillMs);
    state.at = now;
    if (state.tokens >= bucket.burst) state.noticed = false;
    let verdict: FloodVerdict = 'ok';
    if (state.tokens >= 1) state.tokens -= 1;
    else if (state.noticed) verdict = 'silent';
    else [verdict, state.noticed] = ['notice', true];
    this.floods.set(conversationId, state);
    return verdict;
  }

  async addOutboundSegments(day: string, segments: number): Promise<number> {
    const total = (this.segments.get(day) ?? 0) + segments;
    this.segments.set(day, total);
    return total;
  }

  beginTurn(conversationId: string, options: BeginTurnOptions): Promise<StartedTurn | null> {
    return beginTurnStepByStep(this, conversationId, options);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.sessions.clear();
    this.handled.clear();
    this.seen.clear();
  }

  /** Number of live sessions; for tests and metrics. */
  get size(): number {
    return this.sessions.size;
  }

  private leave(conversationId: string, ticket: Ticket): void {
    const queue = this.queues.get(conversationId);
    if (!queue) return;
    const at = queue.indexOf(ticket);
    if (at < 0) return;
    queue.splice(at, 1);
    if (queue.length === 0) this.queues.delete(conversationId);
    else if (at === 0) queue[0]!.wake?.();
  }

  /** Tickets whose holder stopped renewing are passed over, wherever they stand. */
  private dropExpired(conversationId: string): void {
    const queue = this.queues.get(conversationId);
    if (!queue) return;
    const now = this.now();
    const live = queue.filter((t) => t.expiresAt > now);
    if (live.length === queue.length) return;
    if (live.length === 0) this.queues.delete(conversationId);
    else this.queues.set(conversationId, live);
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
