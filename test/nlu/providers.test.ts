import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIntentClassifier, createKeywordClassifier, loadChatModel } from '../../src/nlu/index.js';

// Proves a real provider object round-trips through the classifier's Runnable, using each provider's wire format.
const keyword = createKeywordClassifier(new Map([['en', { interest: { walking: ['walking'] } }]]));
const request = { text: 'something outdoorsy with plants', locale: 'en', set: 'interest' };
const answer = JSON.stringify({ intent: 'gardening_nature', confidence: 0.87 });

describe('LLM providers over the wire', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('loads nothing unless LLM_PROVIDER is set, and rejects unknown providers', async () => {
    expect(await loadChatModel({})).toBeUndefined();
    await expect(loadChatModel({ LLM_PROVIDER: 'acme' })).rejects.toThrow(/ollama' or 'openai/);
    await expect(loadChatModel({ LLM_PROVIDER: 'openai' })).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it('ChatOllama: POST /api/chat with a JSON-schema format, streamed back as NDJSON', async () => {
    let sent: Record<string, unknown> = {};
    const chunk = (content: string, done: boolean) =>
      JSON.stringify({ model: 'llama3.2', created_at: '2026-11-23T10:00:00Z', message: { role: 'assistant', content }, done, ...(done ? { done_reason: 'stop' } : {}) });
    nock('http://127.0.0.1:11434')
      .post('/api/chat', (body) => ((sent = body), true))
      .reply(200, [chunk(answer, false), chunk('', true)].join('\n') + '\n', { 'Content-Type': 'application/x-ndjson' });

    const model = await loadChatModel({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'llama3.2', LLM_BASE_URL: 'http://127.0.0.1:11434' });
    const result = await createIntentClassifier({ keyword, model: model!, timeoutMs: 2000 }).classify(request);

    expect(result).toEqual({ intent: 'gardening_nature', confidence: 0.87, source: 'llm' });
    expect(sent).toMatchObject({ model: 'llama3.2', stream: true, format: { type: 'object' } });
    expect(JSON.stringify(sent)).toContain('something outdoorsy with plants');
  });

  it('ChatOpenAI: POST /v1/chat/completions with a strict json_schema response format', async () => {
    let sent: Record<string, unknown> = {};
    nock('https://api.openai.com')
      .post('/v1/chat/completions', (body) => ((sent = body), true))
      .reply(200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_790_000_000,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 80, completion_tokens: 12, total_tokens: 92 },
      });

    const model = await loadChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' });
    const result = await createIntentClassifier({ keyword, model: model!, timeoutMs: 2000 }).classify(request);

    expect(result).toEqual({ intent: 'gardening_nature', confidence: 0.87, source: 'llm' });
    expect(sent).toMatchObject({ model: 'gpt-4o-mini', response_format: { type: 'json_schema', json_schema: { strict: true } } });
  });

  it('falls back to keywords when the provider errors', async () => {
    nock('https://api.openai.com').post('/v1/chat/completions').reply(500, { error: { message: 'boom' } });
    const model = await loadChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test' });
    const result = await createIntentClassifier({ keyword, model: model!, timeoutMs: 2000 }).classify({ ...request, text: 'walking with plants' });
    expect(result).toMatchObject({ intent: 'walking', source: 'keyword' });
  });
});
