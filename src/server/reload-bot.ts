import { formatIssue } from '../authoring/author-issue.js';
import type { BotFilesCheck } from '../check-bot-files.js';
import type { LiveBot, BotVersion } from './live-bot.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export type ReloadOutcome =
  | { status: 'published'; version: BotVersion; warnings: string[] }
  | { status: 'unchanged'; version: BotVersion; warnings: string[] }
  /** The edit has errors: the running version stays live. */
  | { status: 'refused'; version: BotVersion; errors: string[]; heldBack: number };

export interface BotReloader {
  /** Re-read flows, content and the directory, check them, and swap them in only if they have no errors. */
  reload(reason: string): Promise<ReloadOutcome>;
  /** The last outcome, so the preview page can show an edit's errors while the last good version runs. */
  readonly last: ReloadOutcome;
}

/**
 * Safe publishing: a new version goes live all at once or not at all. Reloads run one at a time, so two
 * edits saved together can't interleave, and a failure of any kind keeps the running version.
 */
export function createBotReloader(options: { live: LiveBot; check: () => Promise<BotFilesCheck>; logger: Logger; metrics: Metrics }): BotReloader {
  const { live, logger, metrics } = options;
  let last: ReloadOutcome = { status: 'unchanged', version: live.version, warnings: [] };
  let queue: Promise<unknown> = Promise.resolve();
  showLive(live.version, metrics);

  async function reloadNow(reason: string): Promise<ReloadOutcome> {
    let checked: BotFilesCheck;
    try {
      checked = await options.check();
    } catch (error) {
      // A bug in a loader must not take the running bot down with it.
      checked = { bot: null, heldBack: 0, report: { unreviewed: new Map(), missing: new Map() }, issues: [{ severity: 'error', file: 'flows and content', line: 1, message: error instanceof Error ? error.message : String(error) }] };
    }
    const warnings = checked.issues.filter((i) => i.severity === 'warning').map(formatIssue);
    if (!checked.bot) {
      const errors = checked.issues.filter((i) => i.severity === 'error').map(formatIssue);
      metrics.reloads.inc({ outcome: 'refused' });
      logger.warn({ reason, errors, live: live.version }, 'reload refused: the edit has errors, the running version stays live');
      return { status: 'refused', version: live.version, errors, heldBack: checked.heldBack };
    }
    const before = live.version;
    live.swap(checked.bot);
    const changed = before.flows !== live.version.flows || before.content !== live.version.content;
    metrics.reloads.inc({ outcome: changed ? 'published' : 'unchanged' });
    showLive(live.version, metrics);
    logger.info({ reason, flows: live.version.flows, content: live.version.content, changed }, changed ? 'reload: new version live' : 'reload: no changes, same version live');
    return { status: changed ? 'published' : 'unchanged', version: live.version, warnings };
  }

  // At most one reload runs and one waits: requests arriving meanwhile share the waiting one, which reads
  // the files after all of them were written, so a burst of saves or requests costs two reloads, not N.
  let waiting: Promise<ReloadOutcome> | null = null;
  return {
    reload(reason) {
      if (waiting) return waiting;
      const run = queue.then(() => {
        waiting = null;
        return reloadNow(reason);
      });
      waiting = run;
      queue = run.then((outcome) => (last = outcome), () => undefined);
      return run;
    },
    get last() {
      return last;
    },
  };
}

function showLive(version: BotVersion, metrics: Metrics): void {
  metrics.liveVersion.reset();
  metrics.liveVersion.set({ flows: version.flows, content: version.content }, 1);
}
