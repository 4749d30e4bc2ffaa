/**
 * npm run content:check — validate every flow and content file the comms team edits.
 * Prints OK, or each problem as file:line: what is wrong. Fix: how to put it right. Exits 1 on errors.
 */
import { formatIssue } from '../authoring/author-issue.js';
import { checkBotFiles } from '../check-bot-files.js';

// The same folder the server reads: CONTENT_ROOT, or where the command runs.
const root = process.env.CONTENT_ROOT ?? process.cwd();
const { issues, heldBack, report } = await checkBotFiles({ root, onMissingText: () => {} });
const errors = issues.filter((i) => i.severity === 'error');
const warnings = issues.filter((i) => i.severity === 'warning');

for (const issue of issues) console.log(formatIssue(issue));
if (heldBack) {
  console.log(`\nFix the file(s) above first: ${heldBack} more check(s) may only follow from them and are held back until they can be read.`);
} else {
  for (const [locale, files] of report.unreviewed) {
    console.log(`note: ${locale}: not yet reviewed by a native speaker (reviewed: false): ${files.join(', ')}`);
  }
  for (const [locale, keys] of report.missing) {
    console.log(`note: ${locale}: ${keys.length} text(s) not translated yet, English is used instead: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`);
  }
}
if (errors.length) {
  console.log(`\n${errors.length} error(s), ${warnings.length} warning(s). The bot will not start until the errors are fixed.`);
  process.exit(1);
}
console.log(warnings.length ? `OK, with ${warnings.length} warning(s).` : 'OK');
