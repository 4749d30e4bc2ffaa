import { join, relative, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';
import type { BotReloader } from './reload-bot.js';

/** Editors often save in several writes (temp file, rename); one reload after they settle is enough. */
const SETTLE_MS = 150;

/**
 * In development, publish every saved edit of flows/ and content/ (and the directory file): the preview
 * follows the comms team's edits. Each change runs the same checked reload as POST /admin/reload.
 */
export function watchBotFiles(paths: string[], onChange: (path: string) => void, onError: (error: Error) => void = () => {}): { close(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let changed = '';
  const failed = (error: unknown) => onError(error instanceof Error ? error : new Error(String(error)));
  // chokidar is loaded here rather than at start: only the development preview watches files.
  const watcher = import('chokidar').then(({ watch }) => {
    const w = watch(paths, {
      ignoreInitial: true,
      // Postcode tables are large and not edited by hand; the directory file is watched on its own.
      ignored: (path) => /[\\/]geo[\\/]/.test(path) || /(^|[\\/])\.|~$|\.swp$/.test(path.split(/[\\/]/).pop() ?? ''),
    });
    // A folder that vanishes or can't be read must not take the server down: the running version stays.
    w.on('error', failed);
    w.on('all', (_event, path) => {
      changed = path;
      clearTimeout(timer);
      timer = setTimeout(() => onChange(changed), SETTLE_MS);
    });
    return w;
  });
  watcher.catch(failed);
  return {
    async close() {
      clearTimeout(timer);
      await (await watcher.catch(() => null))?.close();
    },
  };
}

/** The preview's live reload: every saved edit under CONTENT_ROOT goes through the checked reload. */
export function publishEditsAsSaved(config: Pick<Config, 'contentRoot' | 'directoryFile'>, reloader: BotReloader, logger?: Logger) {
  const root = config.contentRoot;
  const paths = [join(root, 'flows'), join(root, 'content'), ...(config.directoryFile ? [resolve(root, config.directoryFile)] : [])];
  return watchBotFiles(
    paths,
    (path) => void reloader.reload(`edited ${relative(root, path)}`),
    (error) => logger?.warn({ err: { name: error.name, message: error.message } }, 'watching flows and content failed; publish with SIGHUP instead'),
  );
}
