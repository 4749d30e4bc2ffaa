/**
 * npm run conversations:test [-- folder] — play every scripted conversation (test/conversations/*.yaml by
 * default, or a council's own folder) against the bot built from CONTENT_ROOT (or here), and say which pass.
 * Exit 0 when all pass, 1 when one fails, 2 when the bot or a script can't be read.
 */
import { dirname, relative, resolve } from 'node:path';
import { formatIssue } from '../authoring/author-issue.js';
import { checkBotFiles } from '../check-bot-files.js';
import { createScriptHosts } from '../conversation-tests/callback-host.js';
import { formatResult } from '../conversation-tests/format-results.js';
import { loadScripts } from '../conversation-tests/load-scripts.js';
import { runScript } from '../conversation-tests/run-script.js';

const root = process.env.CONTENT_ROOT ?? process.cwd();
const args = process.argv.slice(2);
if (args.length > 1 || args[0]?.startsWith('-')) {
  console.error('Usage: npm run conversations:test [-- folder]   (the folder holds *.yaml conversations; default test/conversations)');
  process.exit(2);
}
const folder = resolve(args[0] ?? 'test/conversations');

// Files are named from the working folder, or from the tests' own folder when that is elsewhere.
const base = relative(process.cwd(), folder).startsWith('..') ? dirname(folder) : process.cwd();
const { scripts, issues } = loadScripts(folder, base);
const { bot, issues: botIssues } = await checkBotFiles({ root, onMissingText: () => {} });
const problems = [...issues, ...botIssues.filter((i) => i.severity === 'error')];
if (problems.length || !bot) {
  for (const issue of problems) console.error(formatIssue(issue));
  console.error(bot ? '\nFix the conversation file(s) above, then run again.' : '\nThe bot has errors (run npm run content:check), so no conversation was played.');
  process.exit(2);
}
if (!scripts.length) {
  console.error(`No conversations (*.yaml) in ${folder}.`);
  process.exit(2);
}

// The callback stage runs as the server runs it, on an embedded records database made for this run.
const hosts = createScriptHosts();
let failed = 0;
for (const [n, loaded] of scripts.entries()) {
  const result = await runScript(bot, loaded, hosts.hostFor(bot, n));
  if (!result.passed) failed += 1;
  console.log(formatResult(result));
}
await hosts.close();
console.log(`\n${scripts.length - failed} of ${scripts.length} conversation(s) went as written${failed ? `; ${failed} did not (see ✗ above)` : ''}.`);
process.exit(failed ? 1 : 0);
