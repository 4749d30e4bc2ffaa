import type { FlowGraph, GraphNode } from './flow-graph.js';

/** Node shapes by step type: questions rounded, decisions diamonds, ends stadiums, jumps to other flows flags. */
const MERMAID_SHAPE: Record<GraphNode['kind'], [string, string]> = {
  message: ['[', ']'],
  choice: ['(', ')'],
  text: ['[/', '/]'],
  set: ['[[', ']]'],
  schedule: ['{{', '}}'],
  branch: ['{', '}'],
  end: ['([', '])'],
  flow: ['>', ']'],
};

/** A node id Mermaid accepts whatever the step is called. */
export function mermaidId(id: string): string {
  return `n_${id.replace(/[^a-z0-9_]/gi, '_')}`;
}

/** The flow as Mermaid flowchart text; `highlight` marks the step a conversation is on. */
export function toMermaid(graph: FlowGraph, highlight?: string): string {
  const lines = ['flowchart TD', `  start((start)) --> ${mermaidId(graph.start)}`];
  for (const node of graph.nodes) {
    const [open, close] = MERMAID_SHAPE[node.kind];
    lines.push(`  ${mermaidId(node.id)}${open}"${mermaidText(nodeText(node))}"${close}`);
  }
  for (const edge of graph.edges) {
    const label = edge.label ? `|"${mermaidText(edge.label)}"|` : '';
    lines.push(`  ${mermaidId(edge.from)} -->${label} ${mermaidId(edge.to)}`);
  }
  const jumps = graph.nodes.filter((n) => n.kind === 'flow').map((n) => mermaidId(n.id));
  if (jumps.length) lines.push('  classDef flow fill:#eef,stroke:#66a', `  class ${jumps.join(',')} flow`);
  if (highlight && graph.nodes.some((n) => n.id === highlight)) {
    lines.push('  classDef live fill:#ffd54f,stroke:#e65100,stroke-width:3px', `  class ${mermaidId(highlight)} live`);
  }
  return `${lines.join('\n')}\n`;
}

/** The flow as Graphviz DOT, for SVG files rendered without a browser. */
export function toDot(graph: FlowGraph): string {
  const shape: Record<GraphNode['kind'], string> = { message: 'box', choice: 'box', text: 'parallelogram', set: 'box3d', schedule: 'hexagon', branch: 'diamond', end: 'oval', flow: 'cds' };
  const lines = [`digraph "${graph.flow}" {`, '  node [fontname="Helvetica", fontsize=11, style=filled, fillcolor="#ffffff"];', '  edge [fontname="Helvetica", fontsize=10];', '  start [shape=circle, label="start", fillcolor="#dddddd"];', `  start -> "${graph.start}";`];
  for (const node of graph.nodes) {
    const fill = node.kind === 'flow' ? ', fillcolor="#eeeeff"' : node.kind === 'choice' ? ', style="rounded,filled"' : '';
    lines.push(`  "${node.id}" [shape=${shape[node.kind]}, label="${dotText(nodeText(node))}"${fill}];`);
  }
  for (const edge of graph.edges) lines.push(`  "${edge.from}" -> "${edge.to}"${edge.label ? ` [label="${dotText(edge.label)}"]` : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeText(node: GraphNode): string {
  if (node.kind === 'flow') return `flow: ${node.title}`;
  return node.words ? `${node.title} (${node.kind})\n${node.words}` : `${node.title} (${node.kind})`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>');
}

function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
