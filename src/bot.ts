import type { AuthorIssue } from './authoring/author-issue.js';
import type { CampaignBook } from './campaigns/campaign-book.js';
import { loadCampaigns } from './campaigns/load-campaigns.js';
import { loadContent, type ContentCatalog } from './content/load-content.js';
import { createEngine, type Engine, type SafetyScreen, type TextParser, type Understand } from './conversation/engine.js';
import { createShowProviders, type ShowProvider } from './conversation/shows.js';
import { checkFlows } from './flow/check-flows.js';
import { compileFlows, type CompiledFlows } from './flow/compile-flows.js';
import { loadFlows } from './flow/load-flows.js';

export const HOME_FLOW = 'welcome';
export const MENU_FLOW = 'menu';

export interface BotOptions {
  root: string;
  /** Content already loaded by the caller (read once at start); loaded here when absent. */
  content?: ReturnType<typeof loadContent>;
  defaultLocale?: string;
  understand?: Understand;
  /** Intent sets the flows may name; undefined skips that check. */
  intentSets?: ReadonlyMap<string, ReadonlySet<string>>;
  screen?: SafetyScreen;
  parsers?: Record<string, TextParser>;
  shows?: Record<string, ShowProvider>;
  onMissingText?: (key: string, locale: string) => void;
}

export interface Bot {
  engine: Engine;
  content: ContentCatalog;
  flows: CompiledFlows;
  /** The campaigns in content/campaigns.yaml (posters, leaflets, ads) that start and tag conversations. */
  campaigns: CampaignBook;
  /** Warnings found while loading (errors stop loading). */
  warnings: AuthorIssue[];
}

/**
 * Load, check and compile flows and content once. Returns every problem found, so the comms team sees them
 * all at once; the bot is only built when there are no errors.
 */
export function loadBot(options: BotOptions): { bot: Bot; issues: AuthorIssue[] } | { bot: null; issues: AuthorIssue[] } {
  const { catalog, issues: contentIssues } = options.content ?? loadContent(options.root, options.defaultLocale);
  const { loaded, issues: flowIssues } = loadFlows(options.root);
  const shows = { ...createShowProviders(catalog), ...options.shows };
  const english = catalog.locales.get(catalog.defaultLocale)?.messages;
  const checkIssues = checkFlows(loaded, {
    contentKeys: new Set(english?.keys() ?? []),
    shows: new Set(Object.keys(shows)),
    ...(options.intentSets ? { intentSets: options.intentSets } : {}),
    requiredFlows: [HOME_FLOW, MENU_FLOW],
  });
  const campaigns = loadCampaigns({ root: options.root, catalog, flowNames: new Set(loaded.flows.keys()) });
  const issues = [...contentIssues, ...flowIssues, ...checkIssues, ...campaigns.issues];
  if (issues.some((i) => i.severity === 'error')) return { bot: null, issues };

  const flows = compileFlows(loaded, HOME_FLOW);
  const reentryDays = Number(catalog.settings.reentry_after_days);
  const engine = createEngine({
    flows,
    content: catalog,
    homeFlow: HOME_FLOW,
    menuFlow: MENU_FLOW,
    shows,
    campaigns: campaigns.book,
    ...(options.parsers ? { parsers: options.parsers } : {}),
    ...(options.understand ? { understand: options.understand } : {}),
    ...(options.screen ? { screen: options.screen } : {}),
    ...(options.onMissingText ? { onMissingText: options.onMissingText } : {}),
    ...(reentryDays > 0 ? { settings: { reentryAfterMs: reentryDays * 86_400_000 } } : {}),
  });
  return { bot: { engine, content: catalog, flows, campaigns: campaigns.book, warnings: issues }, issues };
}
