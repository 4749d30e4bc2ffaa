import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withoutFollowOns, type AuthorIssue } from './authoring/author-issue.js';
import { checkContent, type ContentReport } from './content/check-content.js';
import { loadContent } from './content/load-content.js';
import { allSteps, savedAnswers } from './flow/check-flows.js';
import { loadFlows } from './flow/load-flows.js';
import { loadRuntimeBot, type RuntimeBot, type RuntimeBotOptions } from './runtime-bot.js';

export interface BotFilesCheck {
  /** The bot, when there are no errors. */
  bot: RuntimeBot | null;
  /** Errors then warnings, without the follow-on errors of a file that could not be read. */
  issues: AuthorIssue[];
  /** How many issues were held back because they may only follow from a file that could not be read. */
  heldBack: number;
  report: Pick<ContentReport, 'unreviewed' | 'missing'>;
}

/**
 * Load and check everything the comms team edits, exactly as content:check reports it: the one check that
 * the command, the live reload in development and a publish in production all run.
 */
export async function checkBotFiles(options: RuntimeBotOptions): Promise<BotFilesCheck> {
  const missing = ['flows', 'content'].filter((dir) => !existsSync(join(options.root, dir)));
  if (missing.length) {
    const issues: AuthorIssue[] = missing.map((dir) => ({
      severity: 'error',
      file: options.root,
      line: 1,
      message: `there is no ${dir}/ folder here`,
      fix: 'run this in the folder that holds flows/ and content/, or set CONTENT_ROOT to it',
    }));
    return { bot: null, issues, heldBack: 0, report: { unreviewed: new Map(), missing: new Map() } };
  }
  const { bot, issues, requiredText } = await loadRuntimeBot(options);
  // The words are checked even when a flow has errors, so one run shows every problem.
  const catalog = bot?.content ?? loadContent(options.root, options.defaultLocale).catalog;
  // The loaded bot's steps when there is one: reading the flows a second time was a tenth of a start.
  const steps = bot ? [...bot.flows.steps.values()].map((s) => s.step) : allSteps(loadFlows(options.root).loaded);
  const report = checkContent(catalog, requiredText, savedAnswers(steps));
  const unique = [...new Map([...issues, ...report.issues].map((i) => [`${i.file}:${i.line}:${i.message}`, i])).values()];
  const { shown, heldBack } = withoutFollowOns(unique);
  const ordered = [...shown.filter((i) => i.severity === 'error'), ...shown.filter((i) => i.severity === 'warning')];
  const failed = ordered.some((i) => i.severity === 'error');
  return { bot: failed ? null : bot, issues: ordered, heldBack, report };
}
