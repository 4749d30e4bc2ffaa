/**
 * npm run flows:diagram [-- --out dir] — draw every flow: <flow>.mmd (Mermaid, for GitHub and the preview)
 * and <flow>.svg (rendered here with Graphviz, no browser needed), in ./diagrams unless --out says otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { instance } from '@viz-js/viz';
import { formatIssue } from '../authoring/author-issue.js';
import { checkBotFiles } from '../check-bot-files.js';
import { createTranslator } from '../content/translate.js';
import { buildFlowGraph } from '../flow/flow-graph.js';
import { toDot, toMermaid } from '../flow/flow-diagram.js';

let out: string;
try {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: false });
  out = resolve(values.out ?? 'diagrams');
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}. Usage: npm run flows:diagram [-- --out folder]`);
  process.exit(2);
}

const root = process.env.CONTENT_ROOT ?? process.cwd();
const { bot, issues } = await checkBotFiles({ root, onMissingText: () => {} });
if (!bot) {
  for (const issue of issues.filter((i) => i.severity === 'error')) console.error(formatIssue(issue));
  console.error('\nThe flows have errors (above), so no diagram was drawn. Fix them, then run again.');
  process.exit(2);
}

try {
  mkdirSync(out, { recursive: true });
} catch (error) {
  console.error(`Cannot write to ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  process.exit(2);
}
const words = createTranslator(bot.content, bot.content.defaultLocale);
const viz = await instance();
const names = [...new Set([...bot.flows.steps.values()].map((s) => s.flow))].sort();
for (const flow of names) {
  const graph = buildFlowGraph(bot.flows, flow, (key) => words(key));
  writeFileSync(join(out, `${flow}.mmd`), toMermaid(graph));
  writeFileSync(join(out, `${flow}.svg`), viz.renderString(toDot(graph), { format: 'svg' }));
}
console.log(`Drew ${names.length} flows in ${out}: ${names.map((n) => `${n}.mmd/.svg`).join(', ')}`);
