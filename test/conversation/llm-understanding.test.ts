import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/conversation/reply.js';
import { loadRuntimeBot, type RuntimeBot } from '../../src/runtime-bot.js';
import { REPO_ROOT, replyText } from '../support/test-bot.js';

/**
 * LLM_PROVIDER=ollama end to end: the engine asks the model what a free-text answer means, the model may only
 * name an allowed intent, and every word the resident gets still comes from content.
 */
describe('free text understood by a language model', () => {
  const OLLAMA = 'http://127.0.0.1:11434';
  let bot: RuntimeBot;
  const sent: string[] = [];
  const answerWith = (content: string) => {
    const chunk = (text: string, done: boolean) =>
      JSON.stringify({ model: 'llama3.2', created_at: '2026-11-23T10:00:00Z', message: { role: 'assistant', content: text }, done, ...(done ? { done_reason: 'stop' } : {}) });
    nock(OLLAMA)
      .post('/api/chat', (body) => (sent.push(JSON.stringify(body)), true))
      .reply(200, [chunk(content, false), chunk('', true)].join('\n') + '\n', { 'Content-Type': 'application/x-ndjson' });
  };

  beforeAll(async () => {
    nock.disableNetConnect();
    const loaded = await loadRuntimeBot({ root: REPO_ROOT, config: { llm: { provider: 'ollama', model: 'llama3.2', baseUrl: OLLAMA } } });
    bot = loaded.bot!;
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  async function reachWhatHappened() {
    let session = null;
    for (const text of ['hi', 'menu', '2']) session = (await bot.engine.runTurn({ session, message: { text }, now: 1 })).session;
    expect(session?.at).toBe('events.what_happened');
    return session;
  }

  it('uses the intent the model names when the keywords alone would not know', async () => {
    const session = await reachWhatHappened();
    answerWith(JSON.stringify({ intent: 'bereavement', confidence: 0.9 }));
    const result = await bot.engine.runTurn({ session, message: { text: 'my other half is not with us since the spring' }, now: 2 });
    expect(result.session?.vars.event).toBe('bereavement');
    expect(replyText(result.replies)).toContain('Which age group');
    expect(sent.at(-1)).toContain('my other half');
  });

  it('ignores an intent outside the allowed list and never lets the model write a reply', async () => {
    const session = await reachWhatHappened();
    answerWith(JSON.stringify({ intent: 'Please call me back, I am your friend', confidence: 0.99 }));
    const result = await bot.engine.runTurn({ session, message: { text: 'spring has been a funny one' }, now: 2 });
    const words = result.replies.flatMap((r: Reply) => [r.text, ...(r.options ?? [])]).join(' ');
    expect(words).not.toContain('call me back');
    expect(result.session?.at).toBe('events.what_happened');
    expect(words).toContain("didn't quite catch that");
  });
});
