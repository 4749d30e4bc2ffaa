import {
  arrivedBeforeErasure,
  beginTurnStepByStep,
  ERASE_MARKER_TTL_SECONDS,
  HANDLED_RESULTS,
  type BeginTurnOptions,
  type Erasure,
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
  arrivedAt: number;
  held?: boolean;
  wake?: () => void;
}

export interface MemoryStoreOptions {
  now?: () => number;
  /** Most conversations held at once; past it the least recently written is dropped first (with `onEvict`). */
  maxConversations?: number;
  /** How often expired entries are swept out (ms); 0 turns the timer off (tests call `sweepExpired`). */
  sweepEveryMs?: number;
  /** Told how many conversations were dropped to stay under `maxConversations`, so the host can warn. */
  onEvict?: (dropped: number) => void;
}

/** Outbound-segment totals older than this are no longer needed for the daily budget. */
const SEGMENT_DAYS_KEPT = 2;

/**
 * The embedded default for a laptop: everything lives in this process and is lost on restart.
 * Same contract as the Redis store (test/store/contract.ts), including TTLs and the first-come-first-served lock.
 * Bounded like Redis with an eviction policy: expired entries are swept on a timer (Redis expires keys itself),
 * and past `maxConversations` the least recently written conversation goes first.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Entry>();
  private readonly handled = new Map<string, Map<string, Entry>>();
  /** Replay keys of handled messages, by conversation: field -> expiry (ms). */
  private readonly seen = new Map<string, Map<string, number>>();
  /** Replay keys of erased conversations' messages: field -> expiry (ms), linked to no conversation. */
  private readonly tombstones = new Map<string, number>();
  /** Erase markers, by conversation: when it was erased, and when the marker goes. */
  private readonly erasures = new Map<string, { at: number; expiresAt: number }>();
  private readonly queues = new Map<string, Ticket[]>();
  private readonly floods = new Map<string, { tokens: number; at: number; noticed: boolean }>();
  private readonly segments = new Map<string, number>();

  private readonly now: () => number;
  private readonly maxConversations: number;
  private readonly onEvict: (dropped: number) => void;
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxConversations = options.maxConversations ?? 200_000;
    this.onEvict = options.onEvict ?? (() => {});
    const every = options.sweepEveryMs ?? 60_000;
    // unref: a sweep timer alone never keeps a CLI or a test process alive.
    this.sweeper = every > 0 ? setInterval(() => this.sweepExpired(), every).unref() : undefined;
  }

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
    // Delete first so a rewrite moves the conversation to the back of the Map: insertion order is recency.
    this.sessions.delete(conversationId);
    if (turn.session !== null) {
      this.sessions.set(conversationId, this.entry(turn.session, turn.sessionTtlSeconds));
      if (this.sessions.size > this.maxConversations) this.evictOldest();
    }
    if (turn.handled) {
      let byMessage = this.handled.get(conversationId);
      if (!byMessage) this.handled.set(conversationId, (byMessage = new Map()));
      byMessage.set(turn.handled.messageId, this.entry(turn.handled.result, turn.handled.resultTtlSeconds ?? turn.handled.ttlSeconds));
      if (byMessage.size > HANDLED_RESULTS.trimAbove) this.trimHandled(byMessage);
      let fields = this.seen.get(conversationId);
      if (!fields) this.seen.set(conversationId, (fields = new Map()));
      const now = this.now();
      for (const field of replayFields(turn.handled)) fields.set(field, now + turn.handled.ttlSeconds * 1000);
      // Expired ones go as in the Redis store: each time another 32 have piled up.
      if (fields.size > 32 && fields.size % 32 === 1) for (const [field, expiresAt] of fields) if (expiresAt <= now) fields.delete(field);
    }
  }

  async erase(conversationId: string, erasure: Erasure = {}): Promise<void> {
    const now = this.now();
    const erasing = erasure.message;
    for (const [field, expiresAt] of this.seen.get(conversationId) ?? []) if (expiresAt > now) this.tombstones.set(field, expiresAt);
    if (erasing) for (const field of replayFields(erasing)) this.tombstones.set(field, now + erasing.ttlSeconds * 1000);
    this.sessions.delete(conversationId);
    this.handled.delete(conversationId);
    this.seen.delete(conversationId);
    this.floods.delete(conversationId);
    this.erasures.set(conversationId, { at: erasure.at ?? now, expiresAt: now + ERASE_MARKER_TTL_SECONDS * 1000 });
  }

  async erasedSince(conversationId: string, arrivedAt: number): Promise<boolean> {
    const marker = this.erasures.get(conversationId);
    return marker !== undefined && marker.expiresAt > this.now() && arrivedBeforeErasure(arrivedAt, marker.at);
  }

  async wasErased(replay: ReplayKeys): Promise<boolean> {
    const now = this.now();
    return replayFields(replay).some((field) => (this.tombstones.get(field) ?? 0) > now);
  }

  /**
   * A ticket placed by arrival time (after every ticket that arrived no later, never ahead of the holder);
   * ours once every live ticket before it is gone. No settle window (settle-arrival.ts): every rival arrival is
   * in this process, which reads its requests in the order they came.
   */
  async lock(conversationId: string, options: LockOptions): Promise<Lock | null> {
    const deadline = this.now() + options.waitMs;
    let queue = this.queues.get(conversationId);
    if (!queue) this.queues.set(conversationId, (queue = []));
    const ticket: Ticket = { expiresAt: this.now() + options.ttlMs, arrivedAt: options.arrivedAt ?? this.now() };
    const later = queue.findIndex((t) => !t.held && t.arrivedAt > ticket.arrivedAt);
    queue.splice(later < 0 ? queue.length : later, 0, ticket);
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
      if (this.queues.get(conversationId)?.[0] === ticket) {
        ticket.held = true;
        return { release: async () => leave() };
      }
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
  async takeFloodToken(conversationId: string, bucket: FloodBucket, arrivedAt?: number): Promise<FloodVerdict> {
    if (arrivedAt !== undefined && (await this.erasedSince(conversationId, arrivedAt))) return 'erased';
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
    clearInterval(this.sweeper);
    this.sessions.clear();
    this.handled.clear();
    this.seen.clear();
    this.tombstones.clear();
    this.erasures.clear();
    this.floods.clear();
    this.segments.clear();
  }

  /** Drop everything whose time is up: sessions, handled results, replay keys, full flood buckets, old day totals. */
  sweepExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(id);
    for (const [id, byMessage] of this.handled) {
      for (const [messageId, entry] of byMessage) if (entry.expiresAt <= now) byMessage.delete(messageId);
      if (byMessage.size === 0) this.handled.delete(id);
    }
    for (const [id, fields] of this.seen) {
      for (const [field, expiresAt] of fields) if (expiresAt <= now) fields.delete(field);
      if (fields.size === 0) this.seen.delete(id);
    }
    for (const [field, expiresAt] of this.tombstones) if (expiresAt <= now) this.tombstones.delete(field);
    for (const [id, marker] of this.erasures) if (marker.expiresAt <= now) this.erasures.delete(id);
    // A bucket untouched for an hour has refilled under any sensible setting; a new one starts full anyway.
    for (const [id, bucket] of this.floods) if (now - bucket.at > 3_600_000) this.floods.delete(id);
    const oldestDay = new Date(now - SEGMENT_DAYS_KEPT * 86_400_000).toISOString().slice(0, 10);
    for (const day of this.segments.keys()) if (day < oldestDay) this.segments.delete(day);
  }

  /** Conversations with anything held (session, results, replay keys, flood state); for tests and metrics. */
  get conversationsHeld(): number {
    return new Set([...this.sessions.keys(), ...this.handled.keys(), ...this.seen.keys(), ...this.floods.keys()]).size;
  }

  /** Number of live sessions; for tests and metrics. */
  get size(): number {
    return this.sessions.size;
  }

  /** Past the cap: the least recently written conversations go, everything about them. */
  private evictOldest(): void {
    let dropped = 0;
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= this.maxConversations) break;
      this.sessions.delete(id);
      this.handled.delete(id);
      this.seen.delete(id);
      this.floods.delete(id);
      dropped++;
    }
    this.onEvict(dropped);
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
