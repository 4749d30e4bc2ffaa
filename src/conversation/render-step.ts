import type { Translate } from '../content/translate.js';
import { holds, type Vars } from '../flow/conditions.js';
import type { ChoiceOption, Step } from '../flow/flow-schema.js';
import type { AnalyticsEvent } from './analytics-event.js';
import type { Reply } from './reply.js';
import type { ShowContext, ShowProvider } from './shows.js';

/** Something the resident can choose at a step. */
export type Offer = { kind: 'item'; id: string } | { kind: 'option'; index: number; option: ChoiceOption } | { kind: 'skip' };

/** A step as the resident sees it now. */
export interface PresentedStep {
  text: string;
  /** Chosen by number, in this order: the shown list's entries, or the listed options then "skip". */
  numbered: Offer[];
  /** Labels to list under the text (empty when the shown list numbers itself). */
  labels: string[];
  /** Chosen only by their words. */
  hidden: Offer[];
  /** What the shown list reports about itself (see ShownList.report). */
  report?: AnalyticsEvent;
}

export interface PresentInput {
  step: Step;
  show: ShowContext;
  shows: Record<string, ShowProvider>;
}

/** Compose a step: its words, the list it shows (tips, activities…), and what can be chosen. */
export function presentStep({ step, show, shows }: PresentInput): PresentedStep {
  const { t, vars } = show;
  const parts: string[] = [];
  if ('say' in step && step.say) {
    for (const key of typeof step.say === 'string' ? [step.say] : step.say) parts.push(t(key, stringVars(vars)));
  }
  let items: string[] = [];
  let last = false;
  let report: AnalyticsEvent | undefined;
  if ('show' in step && step.show) {
    const shown = shows[step.show]?.(show);
    const text = typeof shown === 'string' ? shown : shown?.text;
    if (text) parts.push(text);
    if (shown && typeof shown === 'object' && step.type === 'choice' && step.items) items = shown.items;
    last = typeof shown === 'object' && shown.last === true;
    report = typeof shown === 'object' ? shown.report : undefined;
  }

  const listed: Offer[] = [];
  const hidden: Offer[] = [];
  if (step.type === 'choice') {
    step.options.forEach((option, index) => {
      if ((option.if && !holds(option.if, vars)) || (last && option.more)) return;
      (option.hidden ? hidden : listed).push({ kind: 'option', index, option });
    });
  }
  // A question with options lists "skip" as the last one; a free-text question says in its words that SKIP works.
  if (step.type === 'choice' && step.skip) listed.push({ kind: 'skip' });
  if (step.type === 'text' && step.skip) hidden.push({ kind: 'skip' });
  const numbered: Offer[] = items.length ? items.map((id) => ({ kind: 'item', id })) : listed;
  return {
    text: parts.filter(Boolean).join('\n\n'),
    numbered,
    labels: items.length ? [] : labelsOf(listed, t),
    hidden: items.length ? [...listed, ...hidden] : hidden,
    ...(report ? { report } : {}),
  };
}

export function labelsOf(offers: Offer[], t: Translate): string[] {
  return offers.map((o) => (o.kind === 'skip' ? t('common.skip_option') : o.kind === 'option' ? t(o.option.label) : o.id));
}

export function toReply(presented: PresentedStep): Reply | null {
  if (!presented.text && presented.labels.length === 0) return null;
  return presented.labels.length ? { text: presented.text, options: presented.labels } : { text: presented.text };
}

function stringVars(vars: Vars): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'boolean' ? String(v) : v;
  return out;
}
