/**
 * npm run content:check — validate every flow and content file the comms team edits.
 * Prints OK, or each problem as file:line: what is wrong. Fix: how to put it right. Exits 1 on errors.
 */
import { formatIssue } from '../authoring/author-issue.js';
import { loadRuntimeBot } from '../runtime-bot.js';
import { checkContent } from '../content/check-content.js';
import { loadContent } from '../content/load-content.js';

// The same folder the server reads: CONTENT_ROOT, or where the command runs.
const root = process.env.CONTENT_ROOT ?? process.cwd();
const { issues, requiredText } = await loadRuntimeBot({ root, onMissingText: () => {} });
// The words are checked even when a flow has errors, so one run shows every problem.
const report = checkContent(loadContent(root).catalog, requiredText);
const all = [...new Map([...issues, ...report.issues].map((i) => [formatIssue(i), i])).values()];
const errors = all.filter((i) => i.severity === 'error');
const warnings = all.filter((i) => i.severity === 'warning');

for (const issue of [...errors, ...warnings]) console.log(formatIssue(issue));
for (const [locale, files] of report.unreviewed) {
  console.log(`note: ${locale}: not yet reviewed by a native speaker (reviewed: false): ${files.join(', ')}`);
}
for (const [locale, keys] of report.missing) {
  console.log(`note: ${locale}: ${keys.length} text(s) not translated yet, English is used instead: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`);
}
if (errors.length) {
  console.log(`\n${errors.length} error(s), ${warnings.length} warning(s). The bot will not start until the errors are fixed.`);
  process.exit(1);
}
console.log(warnings.length ? `OK, with ${warnings.length} warning(s).` : 'OK');
