/**
 * npm run content:check — validate every flow and content file the comms team edits.
 * Prints OK, or each problem as file:line: what is wrong. Fix: how to put it right. Exits 1 on errors.
 */
import { formatIssue } from '../authoring/author-issue.js';
import { loadRuntimeBot } from '../runtime-bot.js';
import { checkContent } from '../content/check-content.js';

const root = process.cwd();
const { bot, issues, requiredText } = await loadRuntimeBot({ root, onMissingText: () => {} });
const report = bot ? checkContent(bot.content, requiredText) : { issues: [], unreviewed: new Map<string, string[]>(), missing: new Map<string, string[]>() };
const all = [...issues, ...report.issues];
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
