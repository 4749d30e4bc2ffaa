import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/content/translate.js';
import { mermaidId, toMermaid } from '../../src/flow/flow-diagram.js';
import { buildFlowGraph } from '../../src/flow/flow-graph.js';
import { REPO_ROOT, testBot } from '../support/test-bot.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Where the compiled machine can go from each step of a flow, as diagram ids ("flow:x" for another flow). */
function machineEdges(flowNode: AnyStateNode): Set<string> {
  const edges = new Set<string>();
  const idOf = (node: AnyStateNode) => {
    const path = node.path; // [flow] or [flow, step]
    return path.length === 1 ? `flow:${path[0]}` : `${path[0]}.${path[1]}`;
  };
  for (const step of Object.values(flowNode.states) as AnyStateNode[]) {
    const from = idOf(step);
    const transitions = [...[...step.transitions.values()].flat(), ...(step.always ?? [])];
    for (const transition of transitions) {
      for (const target of transition.target ?? []) {
        const to = idOf(target);
        // "MORE" re-asks the same step: drawn as the step itself, not as an arrow.
        if (to !== from) edges.add(`${mermaidId(from)} -> ${mermaidId(to)}`);
      }
    }
  }
  return edges;
}

/** Nodes and edges as written in the Mermaid text. */
function parseMermaid(text: string): { nodes: Set<string>; edges: Set<string>; labels: string[] } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const labels: string[] = [];
  for (const line of text.split('\n')) {
    const edge = /^\s+(n_\w+) -->(?:\|"([^"]*)"\|)? (n_\w+)$/.exec(line);
    if (edge) {
      edges.add(`${edge[1]} -> ${edge[3]}`);
      if (edge[2]) labels.push(edge[2]);
      continue;
    }
    const node = /^\s+(n_\w+)(?:\[|\{|\(|>)/.exec(line);
    if (node) nodes.add(node[1]!);
  }
  return { nodes, edges, labels };
}

describe('flow diagrams match the compiled flows', () => {
  it('every flow: one node per step, plus the flows it jumps to, and exactly the moves the machine can make', async () => {
    const bot = await testBot();
    const t = createTranslator(bot.content, 'en');
    const flows = Object.values(bot.flows.machine.root.states) as AnyStateNode[];
    expect(flows.length).toBeGreaterThan(5);
    for (const flowNode of flows) {
      const flow = flowNode.key;
      const drawn = parseMermaid(toMermaid(buildFlowGraph(bot.flows, flow, (k) => t(k))));
      const steps = Object.keys(flowNode.states).map((step) => mermaidId(`${flow}.${step}`));
      const expectedEdges = machineEdges(flowNode);
      const jumps = [...expectedEdges].map((e) => e.split(' -> ')[1]!).filter((id) => id.startsWith('n_flow_'));
      expect(drawn.nodes, flow).toEqual(new Set([...steps, ...jumps]));
      expect(drawn.edges, flow).toEqual(expectedEdges);
    }
  });

  it('labels each option with its first words and highlights the live step', async () => {
    const bot = await testBot();
    const t = createTranslator(bot.content, 'en');
    const text = toMermaid(buildFlowGraph(bot.flows, 'welcome', (k) => t(k)), 'welcome.offer_checkin');
    expect(parseMermaid(text).labels).toEqual(["1. Yes, let's do it", '2. Not now, show me…']);
    expect(text).toContain('Hi, this is Signpost');
    expect(text).toContain(`class ${mermaidId('welcome.offer_checkin')} live`);
    const checkin = parseMermaid(toMermaid(buildFlowGraph(bot.flows, 'checkin', (k) => t(k))));
    expect(checkin.labels).toEqual(expect.arrayContaining(['band is high', 'band is some', 'band is low', 'otherwise', 'skip']));
  });
});

describe('npm run flows:diagram', () => {
  it('writes each flow as Mermaid text and SVG in the folder given', () => {
    const out = mkdtempSync(join(tmpdir(), 'signpost-diagrams-'));
    made.push(out);
    const run = spawnSync('npm', ['run', '-s', 'flows:diagram', '--', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000 });
    expect(run.status, run.stderr).toBe(0);
    const files = readdirSync(out).sort();
    const flows = readdirSync(join(REPO_ROOT, 'flows')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files).toEqual(flows.flatMap((f) => [`${f}.mmd`, `${f}.svg`]).sort());
    const svg = readFileSync(join(out, 'checkin.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*companionship \(choice\)[\s\S]*flow: events[\s\S]*<\/svg>\s*$/);
    expect(run.stdout).toContain(`Drew ${flows.length} flows`);
  }, 90_000);

  it('a wrong option gets one clear line and exit code 2', () => {
    const run = spawnSync('npm', ['run', '-s', 'flows:diagram', '--', '--output', 'x'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--output'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
