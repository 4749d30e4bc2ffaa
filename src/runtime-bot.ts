import { isAbsolute, join } from 'node:path';
import { createActivityShows } from './activities/activity-shows.js';
import { readFirstName } from './callbacks/first-name-parser.js';
import { createPlaceParser } from './activities/place-parser.js';
import { AuthorIssuesError, type AuthorIssue } from './authoring/author-issue.js';
import { loadBot, type Bot } from './bot.js';
import { loadContent, type ContentCatalog } from './content/load-content.js';
import type { Config } from './config.js';
import type { AnalyticsEvent } from './conversation/analytics-event.js';
import { ENGINE_TEXT_KEYS, type SafetyScreen, type Understand } from './conversation/engine.js';
// The directory's everyday parts only: its import tools (HTML and CSV readers) are not needed to serve.
import { DEFAULT_DIRECTORY_FILE } from './directory/directory-file.js';
import { DirectoryHolder } from './directory/directory-holder.js';
import { DEFAULT_KIND_MAPPING_FILE, loadKindMapping } from './directory/kind-mapping.js';
import { loadGeoData, nearestDistrict } from './directory/geo-data.js';
import { createGeocoder } from './directory/geocode.js';
import { INTENT_SETS } from './nlu/intent-sets.js';
import { createKeywordClassifier } from './nlu/keyword-classifier.js';
import { loadChatModel } from './nlu/load-llm.js';
import { loadIntents } from './nlu/load-intents.js';
import { loadIntentModel } from './nlu/intent-model.js';
import { withIntentModel } from './nlu/understand-intents.js';
import { createDutyAlert, createSafetyScreen, loadSafetyLexicon, safetyCategorySchema, SafetyLexiconError } from './safety/index.js';

export interface RuntimeBotOptions {
  root: string;
  defaultLocale?: string;
  onMissingText?: (key: string, locale: string) => void;
  /** Optional integrations; a laptop run needs none of them. */
  config?: Partial<Pick<Config, 'llm' | 'directoryFile' | 'postcodeLookupUrl' | 'dutyAlert'>>;
}

export interface RuntimeBot extends Bot {
  directory: DirectoryHolder;
  /** The crisis screen on its own: it needs no session, so it still works when the store does not. */
  screen: SafetyScreen;
  /** What the host should do with each turn's anonymous events (e.g. duty alerts). */
  hooks: { onEvents?: (events: AnalyticsEvent[], conversationId: string) => void };
}

/** Texts the engine and the safety screen need beyond what the flows name; content:check requires them. */
export const REQUIRED_TEXT: readonly string[] = [
  ...ENGINE_TEXT_KEYS,
  'common.slow_down',
  'common.delayed',
  ...safetyCategorySchema.options.flatMap((c) => [`safety.${c}.full`, `safety.${c}.short`]),
];

/**
 * The bot with everything it runs with: flows and content, the intent classifier, the safety screen and the
 * directory. One place builds it, so the server, the terminal chat, content:check, the tests and the
 * benchmarks all run the same bot.
 */
export async function loadRuntimeBot(options: RuntimeBotOptions): Promise<{ bot: RuntimeBot | null; issues: AuthorIssue[]; requiredText: readonly string[] }> {
  const { root, config = {} } = options;
  const issues: AuthorIssue[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (error instanceof AuthorIssuesError || error instanceof SafetyLexiconError) issues.push(...error.issues);
      else issues.push({ severity: 'error', file: 'content', line: 1, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  const intents = attempt(() => loadIntents(root));
  const lexicon = attempt(() => loadSafetyLexicon());
  const directoryPath = config.directoryFile ?? DEFAULT_DIRECTORY_FILE;
  const directory = attempt(() => DirectoryHolder.open(isAbsolute(directoryPath) ? directoryPath : join(root, directoryPath)));
  const geo = attempt(() => loadGeoData(join(root, 'content', 'geo')));
  const kindMapping = attempt(() => loadKindMapping(join(root, DEFAULT_KIND_MAPPING_FILE)));
  if (!intents || !lexicon || !directory || !geo || !kindMapping) return { bot: null, issues, requiredText: REQUIRED_TEXT };
  const content = loadContent(root, options.defaultLocale);

  const screen = createSafetyScreen(lexicon);
  const keyword = attempt(() => withIntentModel(createKeywordClassifier(intents), loadIntentModel(intents)));
  if (!keyword) return { bot: null, issues, requiredText: REQUIRED_TEXT };
  const model = config.llm ? await loadChatModel(llmEnv(config.llm)) : undefined;
  // LangChain (slow to load) only when a model is configured.
  const llm = model ? (await import('./nlu/intent-classifier.js')).createIntentClassifier({ keyword, model }) : undefined;
  const understand: Understand = async (request) => {
    const keywords = keyword.classifyAll(request).map((m) => m.intent);
    if (!llm) return keywords;
    const best = await llm.classify(request);
    return best ? [best.intent, ...keywords.filter((k) => k !== best.intent)] : keywords;
  };

  const geocode = createGeocoder({
    geo,
    towns: () => directory.current.towns,
    unsurePhrases: dontKnowWords(content.catalog),
    ...(config.postcodeLookupUrl ? { onlineUrl: config.postcodeLookupUrl } : {}),
  });
  const loaded = loadBot({
    root,
    content,
    ...(options.defaultLocale ? { defaultLocale: options.defaultLocale } : {}),
    ...(options.onMissingText ? { onMissingText: options.onMissingText } : {}),
    understand,
    intentSets: new Map(Object.entries(INTENT_SETS).map(([set, ids]) => [set, new Set<string>(ids)])),
    screen,
    parsers: { place: createPlaceParser(geocode), first_name: readFirstName },
    shows: createActivityShows(() => directory.current, (point) => nearestDistrict(geo, point), kindMapping.interestGroups),
  });
  issues.push(...loaded.issues);
  if (!loaded.bot) return { bot: null, issues, requiredText: REQUIRED_TEXT };

  const alert = config.dutyAlert ? createDutyAlert(config.dutyAlert) : undefined;
  const onEvents = alert
    ? (events: AnalyticsEvent[], conversationId: string) => {
        for (const event of events) {
          if (event.name !== 'safety') continue;
          const category = safetyCategorySchema.parse(event.props?.category);
          const level = event.props?.level === 'check' ? 'check' : 'clear';
          void alert.send({ category, level, at: new Date(), conversationId });
        }
      }
    : undefined;
  return { bot: { ...loaded.bot, directory, screen, hooks: onEvents ? { onEvents } : {} }, issues, requiredText: REQUIRED_TEXT };
}

/** "Don't know" in every language (content: activities.flow.dont_know_words), for the place question. */
function dontKnowWords(catalog: ContentCatalog): string[] {
  return [...catalog.locales.values()].flatMap((l) => (l.messages.get('activities.flow.dont_know_words')?.text ?? '').split('|')).filter(Boolean);
}

function llmEnv(llm: NonNullable<Config['llm']>) {
  return {
    LLM_PROVIDER: llm.provider,
    ...(llm.model ? { LLM_MODEL: llm.model } : {}),
    ...(llm.baseUrl ? { LLM_BASE_URL: llm.baseUrl } : {}),
    ...(llm.apiKey ? { OPENAI_API_KEY: llm.apiKey } : {}),
  };
}
