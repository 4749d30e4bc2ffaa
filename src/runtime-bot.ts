import type { AuthorIssue } from './authoring/author-issue.js';
import { loadBot, type Bot } from './bot.js';
import { ENGINE_TEXT_KEYS } from './conversation/engine.js';

export interface RuntimeBotOptions {
  root: string;
  defaultLocale?: string;
  onMissingText?: (key: string, locale: string) => void;
}

/**
 * The bot with everything it runs with: flows and content, the intent classifier, the safety screen and the
 * directory. One place builds it, so the server, the terminal chat, content:check and the tests all agree.
 */
export async function loadRuntimeBot(options: RuntimeBotOptions): Promise<{ bot: Bot | null; issues: AuthorIssue[]; requiredText: string[] }> {
  const requiredText: string[] = [...ENGINE_TEXT_KEYS];
  const { bot, issues } = loadBot({
    root: options.root,
    ...(options.defaultLocale ? { defaultLocale: options.defaultLocale } : {}),
    ...(options.onMissingText ? { onMissingText: options.onMissingText } : {}),
  });
  return { bot, issues, requiredText };
}
