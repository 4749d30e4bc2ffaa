import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

export interface LlmEnv {
  LLM_PROVIDER?: string;
  LLM_MODEL?: string;
  LLM_BASE_URL?: string;
  OPENAI_API_KEY?: string;
}

/** Keep model calls well inside Twilio's 15 s webhook window; the classifier has its own, shorter timeout too. */
const REQUEST_TIMEOUT_MS = 5000;

/**
 * The chat model named by LLM_PROVIDER (ollama | openai), or undefined when none is configured. Provider packages
 * are optional dependencies, imported only when asked for, so a keyword-only install never loads them.
 */
export async function loadChatModel(env: LlmEnv = process.env): Promise<BaseChatModel | undefined> {
  switch (env.LLM_PROVIDER?.trim().toLowerCase() || undefined) {
    case undefined:
      return undefined;
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({ model: env.LLM_MODEL ?? 'llama3.2', temperature: 0, ...(env.LLM_BASE_URL ? { baseUrl: env.LLM_BASE_URL } : {}) });
    }
    case 'openai': {
      if (!env.OPENAI_API_KEY) throw new Error('LLM_PROVIDER=openai needs OPENAI_API_KEY');
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: env.LLM_MODEL ?? 'gpt-4o-mini',
        apiKey: env.OPENAI_API_KEY,
        temperature: 0,
        maxRetries: 0,
        timeout: REQUEST_TIMEOUT_MS,
        ...(env.LLM_BASE_URL ? { configuration: { baseURL: env.LLM_BASE_URL } } : {}),
      });
    }
    default:
      throw new Error(`LLM_PROVIDER must be 'ollama' or 'openai', not '${env.LLM_PROVIDER}'`);
  }
}
