import type { ContentCatalog } from '../content/load-content.js';
import { normaliseAnswer } from './normalise-answer.js';

export const COMMANDS = ['help', 'menu', 'back', 'restart', 'language', 'stop', 'start', 'delete', 'no_follow_ups'] as const;
export type Command = (typeof COMMANDS)[number];

export type CommandReader = (text: string, locale: string) => Command | { language: string } | { flow: string } | null;

/** Content keys `keywords.flow.<flow>` name words that open a flow from anywhere, e.g. CALLBACK. */
const FLOW_KEYWORD = 'keywords.flow.';

/**
 * Build the command reader once, from `keywords.*` in every locale. A command is the whole message
 * ("stop", " STOP ", "Stop."), never a word inside a sentence. Every language's keywords work whatever
 * language the conversation is in (someone stuck in English can still type "język"), the conversation's own
 * language winning where two disagree; each language's own name ("polski") switches to it directly.
 */
export function createCommandReader(catalog: ContentCatalog, flowNames: ReadonlySet<string> = new Set()): CommandReader {
  const byLocale = new Map<string, Map<string, Command>>();
  const everyLanguage = new Map<string, Command>();
  for (const locale of [...catalog.locales.keys()].reverse()) for (const [w, c] of wordsFor(catalog, locale)) everyLanguage.set(w, c);
  for (const [w, c] of wordsFor(catalog, catalog.defaultLocale)) everyLanguage.set(w, c);
  const languageNames = new Map<string, string>();
  const flowWords = new Map<string, string>();
  for (const content of catalog.locales.values()) {
    for (const [key, entry] of content.messages) {
      const flow = key.startsWith(FLOW_KEYWORD) ? key.slice(FLOW_KEYWORD.length) : '';
      if (!flowNames.has(flow)) continue;
      for (const word of entry.text.split('|')) if (normaliseAnswer(word)) flowWords.set(normaliseAnswer(word), flow);
    }
  }
  for (const [locale, content] of catalog.locales) {
    const words = new Map(everyLanguage);
    for (const [word, command] of wordsFor(catalog, locale)) words.set(word, command);
    byLocale.set(locale, words);
    for (const name of (content.messages.get('language.names')?.text ?? '').split('|')) {
      const word = normaliseAnswer(name);
      if (word) languageNames.set(word, locale);
    }
  }
  return (text, locale) => {
    const answer = normaliseAnswer(text);
    if (!answer || answer.length > 24) return null;
    const command = (byLocale.get(locale) ?? everyLanguage).get(answer);
    if (command) return command;
    const language = languageNames.get(answer);
    if (language) return { language };
    const flow = flowWords.get(answer);
    return flow ? { flow } : null;
  };
}

function wordsFor(catalog: ContentCatalog, locale: string): Map<string, Command> {
  const messages = catalog.locales.get(locale)?.messages;
  const words = new Map<string, Command>();
  for (const command of COMMANDS) {
    for (const word of (messages?.get(`keywords.${command}`)?.text ?? '').split('|')) {
      const normal = normaliseAnswer(word);
      if (normal) words.set(normal, command);
    }
  }
  return words;
}
