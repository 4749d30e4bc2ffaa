/**
 * Spaces out sends from one of our numbers to at most `perSecond` (Twilio queues, then fails, what comes faster).
 * Each sender number has its own pace; callers wait their turn, in order.
 */
export function createRateQueue(perSecond: number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
  const gapMs = 1000 / perSecond;
  const nextFree = new Map<string, number>();
  return async function waitTurn(sender: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, nextFree.get(sender) ?? 0);
    nextFree.set(sender, at + gapMs);
    if (at > now) await sleep(at - now);
  };
}
