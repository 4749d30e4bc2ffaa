import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { varsIn } from '../../src/flow/conditions.js';
import { CAN_TEXT_LATER } from '../../src/flow/engine-answers.js';
import type { FlowEvent, FlowMachine } from '../../src/flow/compile-flows.js';
import type { Step } from '../../src/flow/flow-schema.js';
import { testBot } from '../support/test-bot.js';

/**
 * Proves every step of every flow is reachable by some generated conversation: xstate/graph walks the
 * compiled machine with every event a step accepts, and each shortest path is replayed to its end state.
 */
describe('every step of every flow is reached', async () => {
  const bot = await testBot();
  const { machine, steps } = bot.flows;
  type Snapshot = SnapshotFrom<FlowMachine>;

  // Answers that branches and option conditions read decide where a path can go, so they are part of a state.
  const decisive = new Set<string>();
  for (const { step } of steps.values()) {
    if (step.type === 'branch') step.when.forEach((w) => varsIn(w.if).forEach((v) => decisive.add(v)));
    if (step.type === 'choice') step.options.forEach((o) => o.if && varsIn(o.if).forEach((v) => decisive.add(v)));
  }
  // …and so are the answers those are computed from (band <- score <- the three check-in answers).
  for (let grew = true; grew; ) {
    grew = false;
    for (const { step } of steps.values()) {
      if (step.type !== 'set') continue;
      for (const [name, expr] of Object.entries(step.values)) {
        if (!decisive.has(name) || typeof expr !== 'object') continue;
        const from = 'sum' in expr ? expr.sum : 'copy' in expr ? [expr.copy] : 'band' in expr ? [expr.band] : 'difference' in expr ? expr.difference : [];
        for (const v of from) if (!decisive.has(v)) grew = decisive.add(v) !== undefined;
      }
    }
  }
  // Follow-up flows start only when a scheduled follow-up comes due, with the answers it kept: each is walked
  // from its start too, with a low, middle and high check-in score (a walk through every earlier path would be vast).
  const followUps = new Set([...steps.values()].flatMap(({ step }) => (step.type === 'schedule' ? [step.follow_up] : [])));
  const stepAt = (s: Snapshot) => {
    const [flow, name] = Object.entries(s.value as Record<string, string>)[0]!;
    return `${flow}.${name}`;
  };
  const eventsFor = (step: Step): FlowEvent[] => {
    switch (step.type) {
      case 'choice':
        return [
          ...step.options.map((_, option) => ({ type: 'CHOOSE' as const, option })),
          ...(step.skip ? [{ type: 'SKIP' as const }] : []),
          ...(step.items ? [{ type: 'PICK' as const, id: 'any-entry' }] : []),
        ];
      case 'text':
        return [
          { type: 'ANSWER' },
          ...Object.keys(step.routes ?? {}).map((intent) => ({ type: 'ANSWER' as const, intent })),
          ...(step.skip ? [{ type: 'SKIP' as const }] : []),
        ];
      case 'end':
        return [{ type: 'RESUME' }];
      default:
        return [];
    }
  };

  const walk = { events: (s: Snapshot) => eventsFor(steps.get(stepAt(s))!.step), serializeState: (s: Snapshot) => JSON.stringify([s.value, [...decisive].map((v) => s.context.vars[v])]) };
  const followUpStarts = [...followUps].flatMap((flow) =>
    [3, 6, 9].map((score) => transition(machine, machine.resolveState({ value: { menu: 'goodbye' }, context: { vars: { score } } }), { type: `GO.${flow}` })[0]),
  );
  // A follow-up's walk ends where its flow hands over to another: the main walk covers the rest.
  const within = (fromState: Snapshot) => ({
    ...walk,
    fromState,
    events: (s: Snapshot) => (stepAt(s).split('.')[0] === stepAt(fromState).split('.')[0] ? walk.events(s) : []),
  });
  // The engine saves `can_text_later` itself every turn: walk where a number can be texted (on the chat page the
  // offers are passed by as "No thanks" would pass them, so no step is reached only that way).
  const [initial] = initialTransition(machine);
  const start = machine.resolveState({ value: initial.value, context: { ...initial.context, vars: { [CAN_TEXT_LATER]: true } } });
  const paths = [getShortestPaths(machine, { ...walk, fromState: start }), ...followUpStarts.map((fromState) => getShortestPaths(machine, within(fromState)))].flat();
  const reached = new Set(paths.map((p) => stepAt(p.state as Snapshot)));

  it('reaches every waiting step', () => {
    expect(followUps.size).toBeGreaterThan(0);
    const waiting = [...steps].filter(([, s]) => ['choice', 'text', 'end'].includes(s.step.type)).map(([id]) => id);
    expect(waiting.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('enters every message step: each shortest path is replayed, then every answer its last step accepts', () => {
    const entered = new Set<string>();
    const record = (actions: ReadonlyArray<{ type: string; params?: unknown }>) => {
      for (const a of actions) {
        const e = (a.params as { event?: { type: string; step: string } } | undefined)?.event;
        if (a.type === 'xstate.emit' && e?.type === 'entered') entered.add(e.step);
      }
    };
    for (const path of paths) {
      let snapshot = path.steps[0]!.state as Snapshot;
      for (const step of path.steps.slice(1)) {
        const [next, actions] = transition(machine, snapshot, step.event as FlowEvent);
        record(actions);
        snapshot = next;
      }
      expect(snapshot.value).toEqual(path.state.value);
      for (const event of eventsFor(steps.get(stepAt(snapshot))!.step)) record(transition(machine, snapshot, event)[1]);
    }
    const [, initialActions] = initialTransition(machine);
    record(initialActions);
    const messages = [...steps].filter(([, s]) => s.step.type === 'message').map(([id]) => id);
    expect(messages.filter((id) => !entered.has(id))).toEqual([]);
  });
});
