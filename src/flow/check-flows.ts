import { didYouMean, type AuthorIssue } from '../authoring/author-issue.js';
import { varsIn } from './conditions.js';
import type { Step } from './flow-schema.js';
import { ENGINE_ANSWERS } from './engine-answers.js';
import type { LoadedFlow, LoadedFlows } from './load-flows.js';

export interface FlowCheckContext {
  contentKeys: ReadonlySet<string>;
  /** Names usable in `show:` (tips, helplines…). */
  shows: ReadonlySet<string>;
  /** Intent sets and their intents, from content/<locale>/intents.yaml; undefined skips intent checks. */
  intentSets?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Flows the engine itself starts (welcome, menu); they must exist. */
  requiredFlows: readonly string[];
}

/** Cross-checks that need every flow and the content: targets, keys, reachability, ways out. */
export function checkFlows(loaded: LoadedFlows, ctx: FlowCheckContext): AuthorIssue[] {
  const issues: AuthorIssue[] = [];
  for (const name of ctx.requiredFlows) {
    if (!loaded.flows.has(name)) {
      issues.push({
        severity: 'error',
        file: 'flows',
        line: 1,
        message: `the bot needs a flow called '${name}'`,
        fix: `add flows/${name}.yaml with "flow: ${name}"`,
      });
    }
  }
  const saved = savedAnswers(allSteps(loaded));
  for (const flow of loaded.flows.values()) {
    checkFlow(flow, loaded, ctx, issues);
    checkConditions(flow, saved, issues);
  }
  return issues;
}

/** Every step of every flow. */
export function allSteps(loaded: LoadedFlows): Step[] {
  return [...loaded.flows.values()].flatMap((flow) => Object.values(flow.definition.steps));
}

/** Every answer some step saves, in any flow (flows share one set of answers), and those the engine saves. */
export function savedAnswers(steps: Iterable<Step>): Set<string> {
  const saved = new Set<string>(ENGINE_ANSWERS);
  for (const step of steps) {
    if ((step.type === 'choice' || step.type === 'text') && step.save) saved.add(step.save);
    if (step.type === 'choice' && step.items?.save) saved.add(step.items.save);
    if (step.type === 'choice' && step.page) saved.add(step.page);
    if (step.type === 'set') for (const name of Object.keys(step.values)) saved.add(name);
  }
  return saved;
}

/** A condition on an answer nothing saves is always false: almost always a misspelt name. */
function checkConditions({ definition, file }: LoadedFlow, saved: ReadonlySet<string>, issues: AuthorIssue[]): void {
  const check = (path: PropertyKey[], where: string, condition: Parameters<typeof varsIn>[0]) => {
    for (const name of varsIn(condition)) {
      if (saved.has(name)) continue;
      issues.push({
        severity: 'error',
        file: file.path,
        line: file.lineOf(path),
        message: `${where}: the condition reads '${name}', but no step saves an answer by that name`,
        fix: didYouMean(name, saved, `save it with "save: ${name}" in a question, or check the name`),
      });
    }
  };
  for (const [name, step] of Object.entries(definition.steps)) {
    if (step.type === 'branch') step.when.forEach((w, i) => check(['steps', name, 'when', i, 'if'], `step '${name}', condition ${i + 1}`, w.if));
    if (step.type === 'choice') step.options.forEach((o, i) => o.if && check(['steps', name, 'options', i, 'if'], `step '${name}', option ${i + 1}`, o.if));
  }
}

function checkFlow(flow: LoadedFlow, all: LoadedFlows, ctx: FlowCheckContext, issues: AuthorIssue[]): void {
  const { definition: def, file } = flow;
  const stepNames = Object.keys(def.steps);
  const error = (path: PropertyKey[], message: string, fix?: string) =>
    issues.push({ severity: 'error', file: file.path, line: file.lineOf(path), message, ...(fix ? { fix } : {}) });

  if (!def.steps[def.start]) {
    error(['start'], `start step '${def.start}' is not a step in this flow`, didYouMean(def.start, stepNames, `add a step called '${def.start}'`));
  }

  const checkTarget = (path: PropertyKey[], where: string, target: string) => {
    if (target.startsWith('flow:')) {
      const name = target.slice(5);
      if (!all.flows.has(name)) {
        error(path, `${where}: there is no flow called '${name}'`, didYouMean(name, all.flows.keys(), 'check the flow name at the top of its file'));
      }
    } else if (!def.steps[target]) {
      error(path, `${where}: '${target}' is not a step in this flow`, didYouMean(target, stepNames, `add a step called '${target}', or write flow:${target} to go to another flow`));
    }
  };
  const checkKey = (path: PropertyKey[], where: string, key: string) => {
    if (!ctx.contentKeys.has(key)) {
      error(path, `${where}: there is no text called '${key}' in content`, didYouMean(key, ctx.contentKeys, 'add it to a file in content/en/'));
    }
  };

  for (const [name, step] of Object.entries(def.steps)) {
    const at = (...rest: PropertyKey[]) => ['steps', name, ...rest];
    const where = `step '${name}'`;
    if ('say' in step && step.say) {
      for (const key of typeof step.say === 'string' ? [step.say] : step.say) checkKey(at('say'), where, key);
    }
    if ('show' in step && step.show && !ctx.shows.has(step.show)) {
      error(at('show'), `${where}: nothing called '${step.show}' can be shown`, didYouMean(step.show, ctx.shows, `use one of: ${[...ctx.shows].join(', ')}`));
    }
    for (const [label, target] of targetsOf(step)) checkTarget(at(...label.path), `${where}${label.words}`, target);
    if (step.type === 'choice') {
      step.options.forEach((option, i) => {
        checkKey(at('options', i, 'label'), `${where}, option ${i + 1}`, option.label);
        if (!option.next && !option.more) {
          error(at('options', i), `${where}, option ${i + 1} has no next`, 'add "next:" with the step it leads to');
        }
        if (option.more && !step.show) {
          error(at('options', i, 'more'), `${where}, option ${i + 1}: "more" needs the step to show a list`, 'add "show:" to the step or remove "more"');
        }
        if (option.intent) checkIntent(at('options', i, 'intent'), where, option.intent, step.intents);
      });
    }
    if (step.type === 'choice' && step.items && !step.show) {
      error(at('items'), `${where}: "items" needs the step to show a list`, 'add "show:" to the step or remove "items"');
    }
    if (step.type === 'choice' && step.items && (step.skip || step.options.some((o) => !o.hidden))) {
      error(at('items'), `${where}: the list's own numbers choose its entries, so other options can't be numbered too`, 'add "hidden: true" to each option (they are chosen by their words, like MORE) and remove "skip"');
    }
    if (step.type === 'choice' && step.intents && ctx.intentSets && !ctx.intentSets.has(step.intents)) {
      error(at('intents'), `${where}: there is no intent set '${step.intents}'`, didYouMean(step.intents, ctx.intentSets.keys(), 'see content/en/intents.yaml'));
    }
    if ((step.type === 'text' || step.type === 'choice') && step.invalid) checkKey(at('invalid'), where, step.invalid);
    if (step.type === 'text') {
      const set = typeof step.accept === 'object' ? step.accept.intents : undefined;
      if (set && ctx.intentSets && !ctx.intentSets.has(set)) {
        error(at('accept'), `${where}: there is no intent set '${set}'`, didYouMean(set, ctx.intentSets.keys(), 'see content/en/intents.yaml'));
      }
      for (const intent of Object.keys(step.routes ?? {})) checkIntent(at('routes', intent), where, intent, set);
    }
    if (step.type === 'schedule' && !all.flows.has(step.follow_up)) {
      error(at('follow_up'), `${where}: there is no flow called '${step.follow_up}' to follow up with`, didYouMean(step.follow_up, all.flows.keys(), 'name a flow in flows/'));
    }
    if (step.type === 'end' && step.then && !all.flows.has(step.then)) {
      error(at('then'), `${where}: there is no flow called '${step.then}'`, didYouMean(step.then, all.flows.keys(), 'check the flow name'));
    }
  }

  function checkIntent(path: PropertyKey[], where: string, intent: string, set: string | undefined) {
    if (!ctx.intentSets) return;
    const sets = set ? [ctx.intentSets.get(set)] : [...ctx.intentSets.values()];
    if (!sets.some((s) => s?.has(intent))) {
      const known = sets.flatMap((s) => [...(s ?? [])]);
      error(path, `${where}: '${intent}' is not an intent${set ? ` in '${set}'` : ''}`, didYouMean(intent, known, 'see content/en/intents.yaml'));
    }
  }

  checkReachability(def.start, def.steps, error);
}

type Targets = Array<[{ path: PropertyKey[]; words: string }, string]>;

/** Every place a step can lead, with where it is written. */
export function targetsOf(step: Step): Targets {
  const out: Targets = [];
  switch (step.type) {
    case 'message':
      out.push([{ path: ['next'], words: ', next' }, step.next]);
      break;
    case 'choice':
      step.options.forEach((o, i) => o.next && out.push([{ path: ['options', i, 'next'], words: `, option ${i + 1}` }, o.next]));
      if (step.skip) out.push([{ path: ['skip'], words: ', skip' }, step.skip]);
      if (step.items) out.push([{ path: ['items', 'next'], words: ', items' }, step.items.next]);
      break;
    case 'text':
      out.push([{ path: ['next'], words: ', next' }, step.next]);
      for (const [intent, target] of Object.entries(step.routes ?? {})) out.push([{ path: ['routes', intent], words: `, route '${intent}'` }, target]);
      if (step.skip) out.push([{ path: ['skip'], words: ', skip' }, step.skip]);
      break;
    case 'set':
    case 'schedule':
      out.push([{ path: ['next'], words: ', next' }, step.next]);
      break;
    case 'branch':
      step.when.forEach((w, i) => out.push([{ path: ['when', i, 'next'], words: `, condition ${i + 1}` }, w.next]));
      out.push([{ path: ['else'], words: ', else' }, step.else]);
      break;
    case 'end':
      break;
  }
  return out;
}

/** Steps that don't wait for the resident; a loop made only of these would never stop. */
export function waitsForAnswer(step: Step): boolean {
  return step.type === 'choice' || step.type === 'text' || step.type === 'end';
}

function checkReachability(
  start: string,
  steps: Record<string, Step>,
  error: (path: PropertyKey[], message: string, fix?: string) => void,
): void {
  const localTargets = (step: Step) => targetsOf(step).map(([, t]) => t).filter((t) => !t.startsWith('flow:') && steps[t]);
  const exits = (step: Step) => step.type === 'end' || targetsOf(step).some(([, t]) => t.startsWith('flow:'));

  const reached = new Set<string>();
  const queue = steps[start] ? [start] : [];
  while (queue.length) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    queue.push(...localTargets(steps[name]!));
  }
  for (const name of Object.keys(steps)) {
    if (!reached.has(name)) {
      error(['steps', name], `step '${name}' can never be reached from the start '${start}'`, 'point a next at it, or remove it');
    }
  }

  // A way out: some path from the step reaches an end step or another flow.
  const canLeave = new Set(Object.keys(steps).filter((n) => exits(steps[n]!)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, step] of Object.entries(steps)) {
      if (!canLeave.has(name) && localTargets(step).some((t) => canLeave.has(t))) {
        canLeave.add(name);
        changed = true;
      }
    }
  }
  for (const name of Object.keys(steps)) {
    if (!canLeave.has(name)) {
      error(['steps', name], `step '${name}' has no way out: from here the conversation can never finish or move on`, 'give one of its options a next that leads to an end step or another flow');
    }
  }

  // Eventless loops (message/set/branch only) would spin forever without waiting for an answer.
  const seen = new Set<string>();
  for (const name of Object.keys(steps)) {
    if (waitsForAnswer(steps[name]!) || seen.has(name)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (n: string): boolean => {
      if (onPath.has(n)) {
        path.push(n);
        return true;
      }
      const step = steps[n];
      if (!step || waitsForAnswer(step) || seen.has(n)) return false;
      onPath.add(n);
      path.push(n);
      for (const t of localTargets(step)) if (visit(t)) return true;
      onPath.delete(n);
      path.pop();
      seen.add(n);
      return false;
    };
    if (visit(name)) {
      error(['steps', path[0]!], `steps ${path.map((p) => `'${p}'`).join(' -> ')} go round in a circle without asking anything`, 'make one of them a question, or point one next elsewhere');
      return;
    }
  }
}
