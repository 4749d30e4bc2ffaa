/** npm start: build everything from validated config, serve (in WORKERS processes), shut down gracefully. */
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildServer } from './server/build-server.js';
import { createHttpServer } from './server/http-server.js';
import { createLogger, type Logger } from './server/logger.js';
import { reloadOtherWorkers, runClustered } from './server/run-clustered.js';
import { publishEditsAsSaved } from './server/watch-bot-files.js';

const SHUTDOWN_GRACE_MS = 10_000;

let config: Config;
let warnings: string[];
try {
  ({ config, warnings } = loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
for (const warning of warnings) logger.warn(warning);
await runClustered(config.workers, () => serve(config, logger), (message) => logger.warn(message));

async function serve(config: Config, logger: Logger): Promise<void> {
  const built = await buildServer(config, logger, { onPublished: reloadOtherWorkers }).catch((error: unknown) => {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
  const { listener, inFlight, store, live, reloader, callbacks, close } = built;

  const server = createHttpServer(listener).listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, store: store.kind, flows: live.version.flows, content: live.version.content, locales: live.engine.locales, chatPage: config.chatPage },
      `Signpost is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
    );
    // Migrations, the notification retry timer and the callback retention purge timer.
    callbacks?.start();
  });

  // SIGHUP publishes edited files (kill -HUP, or the primary forwarding it to every worker).
  process.on('SIGHUP', () => void reloader.reload('SIGHUP'));
  // The preview follows edits as they are saved; in production, publishing is a deliberate act.
  const watcher = config.chatPage ? publishEditsAsSaved(config, reloader, logger) : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.count }, 'shutting down: finishing turns in flight');
    server.close();
    await watcher?.close();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (inFlight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await close();
    logger.info({ unfinished: inFlight.count }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message } : String(reason) }, 'unhandled rejection');
  });
}
