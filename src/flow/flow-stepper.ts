import { createActor, type AnyActorScope } from 'xstate';
import type { FlowContext, FlowEvent, FlowMachine } from './compile-flows.js';

type FlowSnapshot = ReturnType<FlowMachine['getInitialSnapshot']>;
export type CollectedAction = { type: string; params?: unknown };

/**
 * xstate's pure `transition()` and `initialTransition()` build a throwaway actor, initial snapshot included,
 * on every call. Compiled flows only assign and emit (no spawned or invoked actors, no delayed events), so one
 * inert scope serves every transition: actions are collected for the caller to read, never executed, exactly as
 * those functions do.
 */
export function createFlowStepper(machine: FlowMachine) {
  let collected: CollectedAction[] = [];
  const self = createActor(machine);
  const scope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    defer: () => {},
    logger: () => {},
    stopChild: () => {},
    emit: () => {},
    actionExecutor: (action: CollectedAction) => void collected.push(action),
  } as unknown as AnyActorScope;

  // The initial state starts from the machine's own empty context, never from a turn's: it is worked out once and
  // shared (callers only read it), sparing every new conversation a walk through xstate.
  let initial: readonly [FlowSnapshot, readonly CollectedAction[]] | undefined;
  // Which states a step sits in is worked out from the step alone (a walk of the state tree), so once per step;
  // a turn's snapshot is that one with the turn's answers as its context. Snapshots are plain data xstate only reads.
  const resolved = new Map<string, FlowSnapshot>();

  return {
    /** The machine waiting at a step ("flow.step"), holding these answers. */
    at(stepId: string, context: FlowContext): FlowSnapshot {
      let snapshot = resolved.get(stepId);
      if (!snapshot) {
        const dot = stepId.indexOf('.');
        snapshot = machine.resolveState({ value: { [stepId.slice(0, dot)]: stepId.slice(dot + 1) }, context: { vars: {} } });
        resolved.set(stepId, snapshot);
      }
      return { ...snapshot, context };
    },
    initial(): readonly [FlowSnapshot, readonly CollectedAction[]] {
      if (!initial) {
        collected = [];
        initial = [machine.getInitialSnapshot(scope), collected];
      }
      return initial;
    },
    transition(snapshot: FlowSnapshot, event: FlowEvent): [FlowSnapshot, CollectedAction[]] {
      collected = [];
      return [machine.transition(snapshot, event, scope), collected];
    },
  };
}
