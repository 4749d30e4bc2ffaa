/**
 * When a ticket may first hold its conversation's lock: `settleMs` after its message arrived. The queue is
 * ordered by arrival, but only among the tickets in it: with the queue empty, whichever of two
 * near-simultaneous messages reached the store first would take the lock, though the other may have arrived a
 * few ms earlier at another instance and still be reading its body. So a ticket joins the queue at once, in its
 * arrival place, and holds only once the window from its arrival has passed: an earlier arrival that joins
 * within the window goes ahead of it, however the two processes' timers then wake. A message already older
 * than that (replayed from the spool) holds at once; one with no arrival time (the chat page, a due follow-up)
 * has no rival to wait for. Measured on the caller's clock, the one that stamped the arrival.
 *
 * The rival can only be at another instance: one process reads its requests in the order they came, so the
 * window is pure cost to an instance alone. The Redis store applies it only while another instance shares its
 * Redis, or may (redis-peers.ts); the memory store, one process by definition, never does.
 */
export function settlesAt(arrivedAt: number | undefined, settleMs: number): number {
  return arrivedAt !== undefined && settleMs ? arrivedAt + settleMs : 0;
}
