import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** Share of the daily budget at which operators are warned, and how often counts are sent to the store. */
const WARN_AT = 0.8;
const FLUSH_EVERY_MS = 1_000;

/**
 * The deployment's daily outbound-segment budget (SMS segments, and WhatsApp messages, which Twilio bills one
 * each). Turns add to a local count that goes to the store once a second, so the budget costs no round trip
 * per turn; the day's total, shared by every instance, sets a gauge, and a warning is logged once a day at 80%
 * (and an error at 100%). The budget warns; it does not stop replies, which may be someone's crisis numbers.
 */
export function createSegmentBudget(deps: { store: Store; dailyBudget: number; logger: Logger; metrics: Metrics; clock?: () => number }) {
  const clock = deps.clock ?? Date.now;
  let pending = 0;
  const warned = new Set<string>();
  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    const day = new Date(clock()).toISOString().slice(0, 10);
    const count = pending;
    pending = 0;
    let total: number;
    try {
      total = await deps.store.addOutboundSegments(day, count);
    } catch {
      pending += count; // the store is down: keep the count for the next flush
      return;
    }
    deps.metrics.segmentsToday.set(total);
    deps.metrics.segmentBudgetUsed.set(total / deps.dailyBudget);
    for (const [share, level] of [[1, 'error'], [WARN_AT, 'warn']] as const) {
      if (total < share * deps.dailyBudget || warned.has(`${day}:${share}`)) continue;
      warned.add(`${day}:${share}`);
      deps.logger[level]({ day, segments: total, budget: deps.dailyBudget }, `outbound messages today have reached ${Math.round(share * 100)}% of DAILY_SEGMENT_BUDGET`);
      break;
    }
  };
  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();
  return {
    record(segments: number): void {
      pending += segments;
    },
    flush,
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type SegmentBudget = ReturnType<typeof createSegmentBudget>;
