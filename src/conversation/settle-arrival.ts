import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Wait until `settleMs` after a message arrived before it joins its conversation's queue. The queue is ordered
 * by arrival, but only among the tickets in it: with the queue empty, whichever of two near-simultaneous
 * messages reached the store first would take the lock, though the other may have arrived a few ms earlier
 * at another instance and still be reading its body. Waiting out the window from arrival (not from now, so
 * the body, the signature and the flood check count towards it) gives every message that arrived before this
 * one that long to take its place ahead of it. A message already older than that (replayed from the spool)
 * does not wait; one with no arrival time (the chat page, a due follow-up) has no rival to wait for.
 */
export async function settleArrival(arrivedAt: number | undefined, settleMs: number, now: () => number): Promise<void> {
  if (arrivedAt === undefined || settleMs <= 0) return;
  const wait = arrivedAt + settleMs - now();
  if (wait > 0) await sleep(wait);
}
