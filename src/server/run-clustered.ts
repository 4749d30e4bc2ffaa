import cluster from 'node:cluster';

/**
 * Run `startWorker` in `workers` processes that share the listening port (Node cluster), restarting any that
 * die; with one worker, just run it here. The primary forwards SIGTERM/SIGINT so every worker shuts down
 * gracefully. Conversations must live in Redis for this: the memory store is per process.
 */
export async function runClustered(workers: number, startWorker: () => Promise<void>, onEvent: (message: string) => void = () => {}): Promise<void> {
  if (workers <= 1 || !cluster.isPrimary) {
    await startWorker();
    return;
  }
  let stopping = false;
  // Each worker keeps its slot across restarts (WORKER_SLOT), so a replacement finds what its predecessor left
  // in files of its own, such as its outage spool.
  const fork = (slot: number) =>
    cluster.fork({ WORKER_SLOT: String(slot) }).on('exit', (code, signal) => {
      if (stopping) return;
      onEvent(`worker exited (${signal ?? code}); starting another`);
      setTimeout(() => fork(slot), 1000);
    });
  for (let slot = 1; slot <= workers; slot++) fork(slot);
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
