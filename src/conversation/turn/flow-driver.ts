import type { Translate } from '../../content/translate.js';
import type { CompiledFlows, EnteredStep, FlowEvent, ScheduledFollowUp } from '../../flow/compile-flows.js';
import { createFlowStepper, type CollectedAction } from '../../flow/flow-stepper.js';
import type { Step } from '../../flow/flow-schema.js';
import type { AnalyticsEvent } from '../analytics-event.js';
import type { Reply } from '../reply.js';
import type { HostAction } from './turn-context.js';
import { presentStep, toReply, type PresentedStep } from '../render-step.js';
import { TRAIL_LENGTH, type Session } from '../session.js';
import type { ShowProvider } from '../shows.js';

/** The parts of a turn the flow driver changes. */
export interface FlowTurn {
  readonly now: number;
  session: Session;
  readonly replies: Reply[];
  readonly events: AnalyticsEvent[];
  readonly actions: HostAction[];
}

const MAX_MISSES = 2;
const DAY_MS = 86_400_000;

/** Moves a session through the compiled flows and renders every step it enters. */
export function createFlowDriver(flows: CompiledFlows, shows: Record<string, ShowProvider>, translate: (locale: string) => Translate) {
  const { machine } = flows;
  const stepper = createFlowStepper(machine);
  // The first choice step reading each intent set: where an intent said elsewhere is answered ("lost my job" at the menu).
  const stepByIntentSet = new Map<string, string>();
  for (const [id, { step }] of flows.steps) {
    if (step.type === 'choice' && step.intents && !stepByIntentSet.has(step.intents)) stepByIntentSet.set(step.intents, id);
  }

  /** Send an event into the flow machine, then render every step it entered. */
  function advance(turn: FlowTurn, event: FlowEvent): void {
    const [next, actions] = stepper.transition(stepper.at(turn.session.at!, { vars: turn.session.vars }), event);
    settle(turn, next.value, next.context.vars, actions);
  }

  /** Enter the home flow, or the start of a named one. */
  function start(turn: FlowTurn, flow?: string): void {
    if (!flow) {
      const [initial, actions] = stepper.initial();
      settle(turn, initial.value, turn.session.vars, actions);
      return;
    }
    const [next, actions] = stepper.transition(stepper.at(flows.startOf(flow), { vars: turn.session.vars }), { type: `GO.${flow}` });
    settle(turn, next.value, next.context.vars, actions);
  }

  function settle(turn: FlowTurn, value: unknown, vars: Session['vars'], actions: readonly CollectedAction[]): void {
    const { session, events } = turn;
    const { entered, scheduled } = emittedBy(actions);
    const previous = session.at;
    const at = stepIdOf(value);
    for (const [name, v] of Object.entries(vars)) {
      if (flows.reportable.has(name) && session.vars[name] !== v) events.push({ name: 'answer_saved', props: { name, value: String(v) } });
    }
    session.vars = vars;
    if (at !== previous) {
      if (previous && flows.steps.get(previous)?.step.type !== 'end') session.trail = [...session.trail, previous].slice(-TRAIL_LENGTH);
      session.page = savedPageOf(at, vars);
    }
    session.misses = 0;
    session.at = at;
    for (const id of entered) {
      events.push({ name: 'step_entered', props: { step: id } });
      const step = flows.steps.get(id)?.step;
      if (!step) continue;
      const presented = present(step, session);
      if (presented.report) events.push(presented.report);
      const reply = toReply(presented);
      if (reply) turn.replies.push(reply);
    }
    for (const s of scheduled) scheduleFollowUp(turn, s);
  }

  /** The resident agreed to hear from us again: remember it in the session and ask the host to schedule it. */
  function scheduleFollowUp(turn: FlowTurn, { followUp, afterDays, keep }: ScheduledFollowUp): void {
    const dueAt = turn.now + afterDays * DAY_MS;
    const kept = Object.fromEntries(keep.flatMap((name) => (turn.session.vars[name] === undefined ? [] : [[name, turn.session.vars[name]!]])));
    turn.session.followUps = { ...turn.session.followUps, [followUp]: dueAt };
    turn.events.push({ name: 'follow_up_agreed', props: { follow_up: followUp, after_days: afterDays } });
    turn.actions.push({ type: 'schedule_follow_up', followUp, dueAt, vars: kept });
  }

  /**
   * Answer the question that reads `set` with the option meaning `intent`, wherever the resident is: they said
   * something that question understands. False when no step offers it.
   */
  function answerElsewhere(turn: FlowTurn, set: string, intent: string): boolean {
    const id = stepByIntentSet.get(set);
    const step = id ? flows.steps.get(id)?.step : undefined;
    const option = step?.type === 'choice' ? step.options.findIndex((o) => o.intent === intent) : -1;
    if (!id || option < 0) return false;
    turn.session.at = id;
    advance(turn, { type: 'CHOOSE', option });
    return true;
  }

  /** A step that keeps its page (`page:`) starts where the resident left it; any other starts at the top. */
  function savedPageOf(stepId: string, vars: Session['vars']): number {
    const step = flows.steps.get(stepId)?.step;
    const saved = step?.type === 'choice' && step.page ? vars[step.page] : undefined;
    return typeof saved === 'number' && saved > 0 ? saved : 0;
  }

  /** The resident asked for the next page of the step's list. */
  function nextPage(session: Session, step: Step): void {
    session.page += 1;
    if (step.type === 'choice' && step.page) session.vars[step.page] = session.page;
  }

  function present(step: Step, session: Session): PresentedStep {
    const show = { vars: session.vars, page: session.page, locale: session.locale, t: translate(session.locale), now: session.lastSeenAt };
    return presentStep({ step, show, shows });
  }

  function render(stepId: string, session: Session): Reply | null {
    const step = flows.steps.get(stepId)?.step;
    return step ? toReply(present(step, session)) : null;
  }

  /** Ask the current question again. */
  function rerender(turn: FlowTurn): void {
    const reply = turn.session.at ? render(turn.session.at, turn.session) : null;
    if (reply) turn.replies.push(reply);
  }

  function resumeOrStart(turn: FlowTurn): void {
    if (currentStep(turn.session)) rerender(turn);
    else start(turn);
  }

  /** Forget the answers and begin again: at home, or at the start of a named flow. */
  function restart(turn: FlowTurn, flow?: string): void {
    Object.assign(turn.session, { at: null, vars: {}, trail: [], page: 0, misses: 0, flows: flows.version });
    start(turn, flow);
  }

  /** An answer that could not be understood: ask again, and after a couple of misses, say how to get help. */
  function reprompt(turn: FlowTurn, step: Step): void {
    const { session, replies } = turn;
    session.misses += 1;
    turn.events.push({ name: 'reprompt', props: { step: session.at! } });
    const t = translate(session.locale);
    if (session.misses >= MAX_MISSES) {
      session.misses = 0;
      replies.push({ text: t('common.stuck') });
      return;
    }
    const { labels, numbered } = present(step, session);
    const fallback = step.type === 'text' ? 'common.reprompt_text' : numbered[0]?.kind === 'item' ? 'common.reprompt_list' : 'common.reprompt';
    const key = (step.type === 'text' || step.type === 'choice' ? step.invalid : undefined) ?? fallback;
    replies.push(labels.length ? { text: t(key), options: labels } : { text: t(key) });
  }

  /** The step the session waits at, if it still exists in the flows as they are now (older flows are checked once). */
  function currentStep(session: Session): { step: Step } | undefined {
    if (!session.at || !flows.steps.has(session.at)) return undefined;
    if (session.flows !== flows.version) {
      try {
        machine.resolveState({ value: valueOf(session.at), context: { vars: session.vars } });
        session.flows = flows.version;
      } catch {
        return undefined;
      }
    }
    return flows.steps.get(session.at);
  }

  /** Go back to the previous question; false when there is none to go back to. */
  function back(session: Session): boolean {
    const previous = session.trail.at(-1);
    if (!previous || !flows.steps.has(previous)) return false;
    Object.assign(session, { trail: session.trail.slice(0, -1), at: previous, page: 0, misses: 0 });
    return true;
  }

  return { advance, start, restart, resumeOrStart, rerender, reprompt, present, currentStep, back, nextPage, answerElsewhere };
}

export type FlowDriver = ReturnType<typeof createFlowDriver>;

/** The steps entered and the follow-ups agreed to, in the order the machine emitted them. */
function emittedBy(actions: readonly CollectedAction[]): { entered: string[]; scheduled: ScheduledFollowUp[] } {
  const entered: string[] = [];
  const scheduled: ScheduledFollowUp[] = [];
  for (const action of actions) {
    if (action.type !== 'xstate.emit') continue;
    const event = (action.params as { event?: EnteredStep | ScheduledFollowUp } | undefined)?.event;
    if (event?.type === 'entered') entered.push(event.step);
    if (event?.type === 'schedule') scheduled.push(event);
  }
  return { entered, scheduled };
}

function valueOf(stepId: string): Record<string, string> {
  const dot = stepId.indexOf('.');
  return { [stepId.slice(0, dot)]: stepId.slice(dot + 1) };
}

function stepIdOf(value: unknown): string {
  const [flow, step] = Object.entries(value as Record<string, string>)[0]!;
  return `${flow}.${step}`;
}
