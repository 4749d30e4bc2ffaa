import { createHash } from 'node:crypto';
import type { Engine } from '../conversation/engine.js';
import type { RuntimeBot } from '../runtime-bot.js';

/**
 * The bot the server is running now. A publish replaces `current` in one assignment, so a turn uses one
 * version from start to end: turns already running finish on the version they began with.
 */
export interface LiveBot {
  current: RuntimeBot;
  /** Which flows and content are live, e.g. "flows 1a2b3c4d5e6f, content 6f5e4d3c2b1a". */
  readonly version: BotVersion;
  /** An engine that always runs the current bot: what the message handler is given. */
  readonly engine: Engine;
  swap(next: RuntimeBot): void;
}

export interface BotVersion {
  flows: string;
  content: string;
}

export function createLiveBot(initial: RuntimeBot): LiveBot {
  let current = initial;
  let version = versionOf(initial);
  const engine: Engine = {
    runTurn: (input) => current.engine.runTurn(input),
    get locales() {
      return current.engine.locales;
    },
    get flowsVersion() {
      return current.engine.flowsVersion;
    },
  };
  return {
    get current() {
      return current;
    },
    get version() {
      return version;
    },
    engine,
    swap(next) {
      current = next;
      version = versionOf(next);
    },
  };
}

/** Flows carry their own version (stored beside each session); content gets a hash of every text and setting. */
export function versionOf(bot: RuntimeBot): BotVersion {
  const hash = createHash('sha256');
  for (const [locale, { messages }] of bot.content.locales) {
    for (const [key, entry] of messages) hash.update(`${locale}\0${key}\0${entry.text}\0`);
  }
  hash.update(JSON.stringify([bot.content.settings, bot.content.tips, bot.content.helplines]));
  return { flows: bot.engine.flowsVersion, content: hash.digest('hex').slice(0, 12) };
}
