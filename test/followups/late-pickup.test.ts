import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/conversation/handle-message.js';
import { createMemoryFollowUpRecords, sealContact } from '../../src/followups/follow-up-records.js';
import { createMemoryScheduler } from '../../src/followups/memory-scheduler.js';
import { createDueFollowUpRunner, RetryLater } from '../../src/followups/run-due-follow-up.js';
import { createSealer } from '../../src/followups/seal.js';
import { DEFAULT_SENDING_HOURS } from '../../src/followups/sending-hours.js';

const sealer = createSealer(randomBytes(32));
const job = {
  id: 'five_ways_nudge:c1',
  conversationId: 'c1',
  followUp: 'five_ways_nudge',
  vars: {},
  sealedContact: sealContact(sealer, { channel: 'sms', address: '+447700900123' }),
  dueAt: Date.UTC(2026, 6, 14, 18, 59),
  attempt: 1,
};

/** A runner whose turns and sends are only counted: what matters is whether it goes ahead at `now`. */
function runnerAt(now: number) {
  const turns: IncomingMessage[] = [];
  const sends: unknown[] = [];
  const run = createDueFollowUpRunner({
    handleMessage: async (incoming) => (turns.push(incoming), { status: 'handled', replies: [{ text: 'Hello again' }], events: [] }) as never,
    records: createMemoryFollowUpRecords(() => now),
    scheduler: createMemoryScheduler(),
    sealer,
    send: { canSend: () => true, send: async (...args: unknown[]) => (sends.push(args), { status: 'sent', sids: ['SM1'] }) } as never,
    hours: DEFAULT_SENDING_HOURS,
    clock: () => now,
  });
  return { run, turns, sends };
}

describe('a follow-up picked up late', () => {
  it('due at 19:59 but reached at 20:01 (a backlog) is not sent: it waits for the next sending time, the conversation untouched', async () => {
    // 14 July: British Summer Time, so 20:01 in London is 19:01 UTC.
    const late = runnerAt(Date.UTC(2026, 6, 14, 19, 1));
    await expect(late.run(job)).rejects.toBeInstanceOf(RetryLater);
    expect(late.turns).toEqual([]);
    expect(late.sends).toEqual([]);
  });

  it('reached inside the sending hours, it goes', async () => {
    const inTime = runnerAt(Date.UTC(2026, 6, 15, 8, 0));
    expect(await inTime.run(job)).toBe('sent');
    expect(inTime.sends).toHaveLength(1);
  });
});
