import type { ContentCatalog } from '../content/load-content.js';
import type { Translate } from '../content/translate.js';
import type { Vars } from '../flow/conditions.js';
import type { AnalyticsEvent } from './analytics-event.js';

export interface ShowContext {
  vars: Vars;
  /** 0 for the first page; MORE asks for the next. */
  page: number;
  t: Translate;
  locale: string;
  /** The time of this turn, for "today" and "this week". */
  now: number;
}

/** A list the resident can choose from by number: its text numbers the entries itself. */
export interface ShownList {
  text: string;
  items: string[];
  /** Nothing follows this page: options that ask for MORE are not offered. */
  last?: boolean;
  /** An anonymous fact about what was found (an activity search), recorded when the step is entered. */
  report?: AnalyticsEvent;
}

/**
 * Text composed for one step from a collection, e.g. the tips that fit what someone told us, or a list of
 * nearby activities whose entries can be chosen. Must be deterministic for the same context.
 */
export type ShowProvider = (ctx: ShowContext) => string | ShownList;

const TIPS_PER_PAGE = 2;

type Tagged = { events: readonly string[]; ages: readonly string[]; bands: readonly string[] };

/** Does an item fit? Untagged means "suits anyone"; tagged must include the answer (or the answer is unknown). */
function fits(item: Tagged, vars: Vars): boolean {
  return suits(item.events, vars.event) && suits(item.ages, vars.age) && suits(item.bands, vars.band);
}

function suits(tags: readonly string[] | undefined, value: unknown): boolean {
  return !tags || tags.length === 0 || value === undefined || tags.includes(String(value));
}

/** More specific first: an item tagged for this event beats a general one. */
function specificity(item: Tagged, vars: Vars): number {
  return (vars.event !== undefined && item.events.includes(String(vars.event)) ? 2 : 0) + (item.ages.length ? 1 : 0);
}

export function createShowProviders(catalog: ContentCatalog): Record<string, ShowProvider> {
  const tips: ShowProvider = ({ vars, page, t }) => {
    const matching = catalog.tips
      .filter((tip) => fits(tip, vars))
      .sort((a, b) => specificity(b, vars) - specificity(a, vars));
    const slice = matching.slice(page * TIPS_PER_PAGE, (page + 1) * TIPS_PER_PAGE);
    // Never "here are some ideas" followed by "that's all": an empty page says only that, and offers no MORE.
    if (slice.length === 0) return { text: t('tips.no_more'), items: [], last: true };
    const intro = t(page === 0 ? 'tips.intro' : 'tips.intro_more');
    const text = [intro, ...slice.map((tip) => `- ${t(`tips.${tip.id}`)}`)].join('\n\n');
    return { text, items: [], last: (page + 1) * TIPS_PER_PAGE >= matching.length };
  };

  /** A kind word for what the resident told us, before anything else is asked. */
  const eventAck: ShowProvider = ({ vars, t }) => (typeof vars.event === 'string' ? t(`events.ack.${vars.event}`) : '');

  const helplines: ShowProvider = ({ vars, t }) =>
    catalog.helplines
      .filter((line) => line.verified && (line.always || ((line.events.length > 0 || line.ages.length > 0) && fitsStrictly(line, vars))))
      .sort((a, b) => Number(a.always) - Number(b.always))
      .map((line) => {
        const text = t(`helplines.${line.id}`, { name: line.name, contact: line.contact });
        // Hours always travel with a line that is not open day and night, so nobody calls a closed line.
        return `- ${line.open_24_7 ? text : `${text} (${t(`helpline_hours.${line.id}`)})`}`;
      })
      .join('\n');

  return { tips, helplines, event_ack: eventAck };
}

/** For helplines, a tag must match a known answer: we don't offer Cruse to someone who didn't mention a death. */
function fitsStrictly(item: Tagged, vars: Vars): boolean {
  return suitsStrictly(item.events, vars.event) && suitsStrictly(item.ages, vars.age) && suitsStrictly(item.bands, vars.band);
}

function suitsStrictly(tags: readonly string[], value: unknown): boolean {
  return tags.length === 0 || (value !== undefined && tags.includes(String(value)));
}
