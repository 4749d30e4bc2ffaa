import { describe, expect, it } from 'vitest';
import { createMessageHandler, type AfterTurn } from '../../src/conversation/handle-message.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { testBot } from '../support/test-bot.js';

/**
 * The team's e-mail about a callback request is work the resident's reply must not wait for: the turn hands it
 * to `afterReply`, and it starts only once the turn is saved and its reply is on its way.
 */
describe('work queued for after the reply', () => {
  async function handlerWith(afterTurn: AfterTurn) {
    return createMessageHandler({ engine: (await testBot()).engine, store: new MemoryStore(), sessionTtlSeconds: 3_600, afterTurn });
  }

  it('starts after the turn has returned its replies, not inside it', async () => {
    const order: string[] = [];
    const handle = await handlerWith(async ({ afterReply }) => afterReply(() => order.push('team told')));
    const result = await handle({ conversationId: 'c1', messageId: 'SM1', message: { text: 'hi' } });
    order.push('reply sent');
    expect(result.status).toBe('handled');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['reply sent', 'team told']);
  });

  it('never runs for a turn that failed and saved nothing', async () => {
    let ran = false;
    const handle = await handlerWith(async ({ afterReply }) => {
      afterReply(() => (ran = true));
      throw new Error('records database away');
    });
    await expect(handle({ conversationId: 'c2', messageId: 'SM2', message: { text: 'hi' } })).rejects.toThrow('records database away');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
  });
});
