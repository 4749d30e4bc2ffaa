import { targetsOf } from './check-flows.js';
import { describeCondition } from './conditions.js';
import type { CompiledFlows } from './compile-flows.js';
import type { Step } from './flow-schema.js';

export interface GraphNode {
  /** "flow.step" for a step, "flow:name" for a jump to another flow. */
  id: string;
  kind: Step['type'] | 'flow';
  title: string;
  /** The first words the resident reads at this step. */
  words: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

export interface FlowGraph {
  flow: string;
  start: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const WORDS = 7;

/**
 * One flow as a graph of its steps and where each leads: what the diagrams draw (as Mermaid for the page
 * and the docs, as Graphviz for SVG files). Built from the compiled flows, so it shows what actually runs.
 */
export function buildFlowGraph(flows: CompiledFlows, flow: string, words: (key: string) => string): FlowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const jumps = new Set<string>();
  const idOf = (target: string) => {
    if (!target.startsWith('flow:')) return `${flow}.${target}`;
    jumps.add(target);
    return target;
  };
  for (const [id, { flow: owner, name, step }] of flows.steps) {
    if (owner !== flow) continue;
    nodes.push({ id, kind: step.type, title: name, words: firstWords(sayOf(step).map(words).join(' ')) });
    for (const [where, target] of targetsOf(step)) edges.push({ from: id, to: idOf(target), label: edgeLabel(step, where.path, words) });
    if (step.type === 'end') edges.push({ from: id, to: idOf(`flow:${step.then ?? 'menu'}`), label: 'next message' });
  }
  for (const jump of jumps) nodes.push({ id: jump, kind: 'flow', title: jump.slice(5), words: '' });
  return { flow, start: flows.startOf(flow), nodes, edges };
}

function sayOf(step: Step): string[] {
  if (!('say' in step) || !step.say) return [];
  return typeof step.say === 'string' ? [step.say] : step.say;
}

function edgeLabel(step: Step, path: PropertyKey[], words: (key: string) => string): string {
  const [field, index] = path;
  if (step.type === 'choice' && field === 'options' && typeof index === 'number') {
    const option = step.options[index]!;
    return `${index + 1}. ${firstWords(words(option.label), 4)}${option.if ? ` (if ${describeCondition(option.if)})` : ''}`;
  }
  if (field === 'routes') return String(index);
  if (step.type === 'branch' && field === 'when' && typeof index === 'number') return describeCondition(step.when[index]!.if);
  if (field === 'else') return 'otherwise';
  if (field === 'items') return 'a listed entry';
  if (field === 'skip') return 'skip';
  return '';
}

export function firstWords(text: string, count = WORDS): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  return all.length > count ? `${all.slice(0, count).join(' ')}…` : all.join(' ');
}
