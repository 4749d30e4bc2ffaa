import type { Translate } from '../content/translate.js';
import { holds, type Vars } from '../flow/conditions.js';
import type { ChoiceOption, Step } from '../flow/flow-schema.js';
import type { Reply } from './reply.js';
import type { ShowProvider } from './shows.js';

/** An option as the resident sees it: its number is its position here. */
export type OfferedOption = { kind: 'option'; index: number; option: ChoiceOption } | { kind: 'skip' };

/** The options a step offers now, in order: those whose condition holds, then "skip" if allowed. */
export function offeredOptions(step: Step, vars: Vars): OfferedOption[] {
  const offered: OfferedOption[] = [];
  if (step.type === 'choice') {
    step.options.forEach((option, index) => {
      if (!option.if || holds(option.if, vars)) offered.push({ kind: 'option', index, option });
    });
  }
  if ((step.type === 'choice' || step.type === 'text') && step.skip) offered.push({ kind: 'skip' });
  return offered;
}

export function optionLabels(offered: OfferedOption[], t: Translate): string[] {
  return offered.map((o) => (o.kind === 'skip' ? t('common.skip_option') : t(o.option.label)));
}

export interface RenderInput {
  step: Step;
  vars: Vars;
  page: number;
  locale: string;
  t: Translate;
  shows: Record<string, ShowProvider>;
}

/** One step as one message: its words, any list it shows, and its numbered options. */
export function renderStep({ step, vars, page, locale, t, shows }: RenderInput): Reply | null {
  const parts: string[] = [];
  if ('say' in step && step.say) {
    for (const key of typeof step.say === 'string' ? [step.say] : step.say) parts.push(t(key, stringVars(vars)));
  }
  if ('show' in step && step.show) {
    const shown = shows[step.show]?.({ vars, page, t, locale });
    if (shown) parts.push(shown);
  }
  const options = optionLabels(offeredOptions(step, vars), t);
  const text = parts.filter(Boolean).join('\n\n');
  if (!text && options.length === 0) return null;
  return options.length ? { text, options } : { text };
}

function stringVars(vars: Vars): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'boolean' ? String(v) : v;
  return out;
}
