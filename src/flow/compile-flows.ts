import { assign, emit, setup } from 'xstate';
import { evaluate, holds, type Vars } from './conditions.js';
import type { Condition, Scalar, Step, ValueExpr } from './flow-schema.js';
import type { LoadedFlows } from './load-flows.js';

export const MACHINE_ID = 'signpost';

/** What the engine sends into the machine: answers already understood (option number, intent, value). */
export type FlowEvent =
  | { type: 'CHOOSE'; option: number }
  /** An entry of the step's shown list, by its id. */
  | { type: 'PICK'; id: string }
  | { type: 'ANSWER'; intent?: string; value?: Scalar; extra?: Record<string, Scalar> }
  | { type: 'SKIP' }
  | { type: 'RESUME' }
  /** Go to the start of a flow from anywhere (MENU, campaigns). */
  | { type: `GO.${string}` };

/** What the machine emits: "this step was entered", so the engine renders it in the resident's language. */
export interface EnteredStep {
  type: 'entered';
  step: string;
}

/** What the machine emits when a `schedule` step is passed: the host schedules the follow-up. */
export interface ScheduledFollowUp {
  type: 'schedule';
  followUp: string;
  afterDays: number;
  keep: string[];
}

export interface FlowContext {
  vars: Vars;
}

export interface CompiledFlows {
  machine: FlowMachine;
  version: string;
  /** Steps by "flow.step" id. */
  steps: Map<string, { flow: string; name: string; step: Step }>;
  startOf: (flow: string) => string;
  /** Answers the flows allow to be counted in anonymous analytics. */
  reportable: ReadonlySet<string>;
}

type SaveParams = { name: string; value?: Scalar };

const machineSetup = setup({
  types: {
    context: {} as FlowContext,
    events: {} as FlowEvent,
    emitted: {} as EnteredStep | ScheduledFollowUp,
  },
  actions: {
    enter: emit((_, params: { step: string }) => ({ type: 'entered' as const, step: params.step })),
    schedule: emit((_, params: Omit<ScheduledFollowUp, 'type'>) => ({ type: 'schedule' as const, ...params })),
    save: assign(({ context, event }, params: SaveParams) => {
      const vars = { ...context.vars };
      const value = params.value ?? (event.type === 'ANSWER' ? event.value ?? event.intent : event.type === 'PICK' ? event.id : undefined);
      setVar(vars, params.name, value);
      // Details of an answer (a place's coordinates) sit under "name.": replaced as a whole with the answer.
      for (const key of Object.keys(vars)) if (key.startsWith(`${params.name}.`)) delete vars[key];
      if (event.type === 'ANSWER' && event.extra) {
        for (const [k, v] of Object.entries(event.extra)) setVar(vars, `${params.name}.${k}`, v);
      }
      return { vars };
    }),
    forget: assign(({ context }, params: { name: string }) => {
      const vars = { ...context.vars };
      for (const key of Object.keys(vars)) if (key === params.name || key.startsWith(`${params.name}.`)) delete vars[key];
      return { vars };
    }),
    compute: assign(({ context }, params: { values: Record<string, ValueExpr> }) => {
      const vars = { ...context.vars };
      for (const [name, expr] of Object.entries(params.values)) setVar(vars, name, evaluate(expr, vars));
      return { vars };
    }),
  },
  guards: {
    chose: ({ event }, params: { option: number }) => event.type === 'CHOOSE' && event.option === params.option,
    intentIs: ({ event }, params: { intent: string }) => event.type === 'ANSWER' && event.intent === params.intent,
    holds: ({ context }, params: { condition: Condition }) => holds(params.condition, context.vars),
  },
});

export type FlowMachine = ReturnType<typeof machineSetup.createMachine>;

function setVar(vars: Vars, name: string, value: Scalar | undefined): void {
  if (value === undefined) delete vars[name];
  else vars[name] = value;
}

/** Compile checked flows into one xstate machine: each flow a parent state, each step a child. */
export function compileFlows(loaded: LoadedFlows, homeFlow: string): CompiledFlows {
  const steps = new Map<string, { flow: string; name: string; step: Step }>();
  const states: Record<string, unknown> = {};
  const reportable = new Set<string>();

  for (const [flowId, { definition }] of loaded.flows) {
    for (const name of definition.report ?? []) reportable.add(name);
    const children: Record<string, unknown> = {};
    for (const [name, step] of Object.entries(definition.steps)) {
      steps.set(`${flowId}.${name}`, { flow: flowId, name, step });
      children[name] = compileStep(flowId, name, step);
    }
    states[flowId] = { initial: definition.start, states: children };
  }

  const machine = machineSetup.createMachine({
    id: MACHINE_ID,
    initial: homeFlow,
    context: { vars: {} },
    on: Object.fromEntries([...loaded.flows.keys()].map((flow) => [`GO.${flow}`, { target: `#${MACHINE_ID}.${flow}`, reenter: true }])),
    // The config is built from validated data; xstate's types can't follow a dynamic shape.
    states: states as never,
  });
  return {
    machine,
    version: loaded.version,
    steps,
    startOf: (flow) => `${flow}.${loaded.flows.get(flow)!.definition.start}`,
    reportable,
  };
}

function resolveTarget(flowId: string, target: string): string {
  return target.startsWith('flow:') ? `#${MACHINE_ID}.${target.slice(5)}` : `#${MACHINE_ID}.${flowId}.${target}`;
}

function compileStep(flowId: string, name: string, step: Step): unknown {
  const to = (target: string) => resolveTarget(flowId, target);
  const entered = { type: 'enter', params: { step: `${flowId}.${name}` } };
  switch (step.type) {
    case 'message':
      return { entry: [entered], always: { target: to(step.next) } };
    case 'set':
      return { entry: [{ type: 'compute', params: { values: step.values } }], always: { target: to(step.next) } };
    case 'schedule':
      return {
        entry: [{ type: 'schedule', params: { followUp: step.follow_up, afterDays: step.after_days, keep: step.keep ?? [] } }],
        always: { target: to(step.next) },
      };
    case 'branch':
      return {
        always: [
          ...step.when.map((w) => ({ guard: { type: 'holds', params: { condition: w.if } }, target: to(w.next) })),
          { target: to(step.else) },
        ],
      };
    case 'choice':
      return {
        entry: [entered],
        on: {
          CHOOSE: step.options.map((option, i) => ({
            guard: { type: 'chose', params: { option: i } },
            target: option.more ? to(name) : to(option.next!),
            reenter: true,
            actions: step.save && !option.more ? [{ type: 'save', params: { name: step.save, value: option.value ?? i + 1 } }] : [],
          })),
          ...(step.skip ? { SKIP: { target: to(step.skip), reenter: true, actions: forgetting(step.save) } } : {}),
          ...(step.items ? { PICK: { target: to(step.items.next), reenter: true, actions: saving(step.items.save) } } : {}),
        },
      };
    case 'text':
      return {
        entry: [entered],
        on: {
          ANSWER: [
            ...Object.entries(step.routes ?? {}).map(([intent, target]) => ({
              guard: { type: 'intentIs', params: { intent } },
              target: to(target),
              reenter: true,
              actions: saving(step.save),
            })),
            { target: to(step.next), reenter: true, actions: saving(step.save) },
          ],
          ...(step.skip ? { SKIP: { target: to(step.skip), reenter: true, actions: forgetting(step.save) } } : {}),
        },
      };
    case 'end':
      return {
        entry: [entered],
        on: { RESUME: { target: `#${MACHINE_ID}.${step.then ?? 'menu'}`, reenter: true } },
      };
  }
}

function saving(name: string | undefined) {
  return name ? [{ type: 'save', params: { name } }] : [];
}

function forgetting(name: string | undefined) {
  return name ? [{ type: 'forget', params: { name } }] : [];
}
