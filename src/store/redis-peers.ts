import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from './redis-scripts.js';

/** A listing outlives this many missed refreshes, so a late timer (a busy event loop) drops no live instance. */
const LIFETIME_REFRESHES = 3;
/**
 * After a gap in what an instance knows (its start, a failed refresh), it keeps settling this many refreshes
 * more: by then every peer has listed itself again and seen it.
 */
const CATCH_UP_REFRESHES = 2;

/**
 * Whether another instance shares this Redis, so that settling (settle-arrival.ts) can matter. Each instance
 * that takes arrivals lists itself in one sorted set, `<prefix>:instances` (one key: any Cluster slot will do),
 * every `everyMs`; a listing lasts three refreshes, so one whose process died stops counting within about
 * 3 s, and a clean stop takes it out at once. Each refresh answers whether anyone else is listed, and a turn
 * reads that answer from memory: no round trip of its own.
 */
export class RedisPeers {
  private readonly id = randomUUID();
  /** What the last refresh found; null before the first, or when the last one failed. */
  private others: boolean | null = null;
  private catchingUpUntil = Infinity;
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void>;
  private stopped = false;
  /**
   * Settles once every instance listed at our first refresh has had time to see us (two refreshes), at once
   * when there was none: a server that starts taking messages only then is never out of order with them.
   */
  readonly seenByPeers: Promise<void>;

  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private readonly everyMs: number,
  ) {
    this.refreshing = this.refresh();
    this.seenByPeers = this.refreshing.then(() => (this.others ? sleep(CATCH_UP_REFRESHES * everyMs, undefined, { ref: false }) : undefined));
    this.timer = setInterval(() => (this.refreshing = this.refresh()), everyMs);
    this.timer.unref();
  }

  /**
   * True while another instance is listed, while we do not know (before the first refresh, after a failed
   * one), and for two refreshes after not knowing, so peers that were slower to list themselves are seen.
   */
  mayHavePeers(): boolean {
    return this.others !== false || Date.now() < this.catchingUpUntil;
  }

  /** Stop refreshing and take our listing out, so peers stop settling for us at their next refresh. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.refreshing;
    await this.client.zrem(this.key, this.id).catch(() => {});
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    try {
      const others = (await this.client.signpostListInstance(this.key, this.id, LIFETIME_REFRESHES * this.everyMs)) > 0;
      if (this.others === null) this.catchingUpUntil = Date.now() + CATCH_UP_REFRESHES * this.everyMs;
      this.others = others;
    } catch {
      this.others = null;
    }
  }
}
