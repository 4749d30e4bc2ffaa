import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, type Runnable } from '@langchain/core/runnables';
import { z } from 'zod';
import { INTENT_SETS, intentSetSchema, type IntentMatch, type IntentRequest, type IntentSet } from './intent-sets.js';
import type { KeywordClassifier } from './keyword-classifier.js';

export interface IntentClassifierOptions {
  keyword: KeywordClassifier;
  /** Without a model, the keyword classifier answers alone. */
  model?: BaseChatModel;
  timeoutMs?: number;
  minConfidence?: number;
  /** Model calls per message; more than 1 retries with langchain's fixed ~2 s backoff, so mind the webhook budget. */
  attempts?: number;
}

export type ClassifiedIntent = IntentMatch & { source: 'llm' | 'keyword' };
export type IntentClassifier = { classify(request: IntentRequest): Promise<ClassifiedIntent | null> };

/** Instructions for the model (never shown to residents). It only ever picks an id; it writes nothing people read. */
const prompt = ChatPromptTemplate.fromMessages([
  [
    'system',
    'You label one short text message from a resident of a UK council area, sent to a signposting chatbot, with the ' +
      'single best id from this list: {ids}. The question being answered is about: {set}. The message may be in ' +
      'the language with code "{locale}", and may be misspelt. Give your confidence from 0 to 1; use a low confidence ' +
      'when none of the ids fits.',
  ],
  ['human', '{text}'],
]);

/**
 * An LLM reads the message when one is configured; the keyword classifier answers whenever the model is slow,
 * fails, names an id outside the set, or is unsure. A message that is exactly a known phrase ("yes") skips the model.
 */
export function createIntentClassifier({ keyword, model, timeoutMs = 3000, minConfidence = 0.6, attempts = 1 }: IntentClassifierOptions): IntentClassifier {
  const chains = new Map<IntentSet, Runnable<Record<string, string>, IntentMatch>>();
  const chainFor = (llm: BaseChatModel, set: IntentSet) => {
    const cached = chains.get(set);
    if (cached) return cached;
    const schema = z.object({ intent: z.enum(INTENT_SETS[set]), confidence: z.number().min(0).max(1) });
    // The explicit parse matters: test fakes and some providers hand back whatever JSON the model wrote.
    const built = prompt.pipe(llm.withStructuredOutput(schema, { name: 'classify_intent' })).pipe(RunnableLambda.from((o: unknown) => schema.parse(o)));
    const chain = attempts > 1 ? built.withRetry({ stopAfterAttempt: attempts }) : built;
    chains.set(set, chain);
    return chain;
  };

  return {
    async classify(request) {
      const fallback = keyword.classify(request);
      const byKeyword = fallback && { ...fallback, source: 'keyword' as const };
      const set = intentSetSchema.safeParse(request.set);
      if (!model || !set.success || (fallback?.confidence ?? 0) >= EXACT_PHRASE) return byKeyword;
      try {
        const answer = await withTimeout(
          (signal) => chainFor(model, set.data).invoke({ ids: INTENT_SETS[set.data].join(', '), set: set.data, locale: request.locale, text: request.text }, { signal }),
          timeoutMs,
        );
        return answer.confidence >= minConfidence ? { ...answer, source: 'llm' } : byKeyword;
      } catch {
        return byKeyword;
      }
    },
  };
}

/** The keyword classifier's confidence when a phrase is the whole message: nothing left for a model to add. */
const EXACT_PHRASE = 0.95;

async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('intent model timed out'));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
