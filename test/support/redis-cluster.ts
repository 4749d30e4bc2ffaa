import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayCluster {
  /** Seed URLs, one per master. */
  urls: string[];
  stop(): Promise<void>;
}

/**
 * A real three-master Redis Cluster on loopback: three redis-server processes with cluster mode on, on free
 * ports, joined with `redis-cli --cluster create`, no persistence. Throws with a plain reason (never skips) when
 * it cannot start, so a test that needs a cluster fails visibly.
 */
export async function startRedisCluster(): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-cluster-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports = await freePorts(3);
    for (const port of ports) {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      child.on('error', () => {});
      children.push(child);
    }
    for (const port of ports) await waitFor(async () => (await cli(port, 'ping')) === 'PONG', `redis-server on port ${port} did not answer`);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 20_000 });
    for (const port of ports) {
      await waitFor(async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'), `the cluster did not become ready (node ${port})`);
    }
    return { urls: ports.map((p) => `redis://127.0.0.1:${p}`), stop };
  } catch (error) {
    await stop();
    throw new Error(`could not start a three-master Redis Cluster (needs redis-server and redis-cli 5+): ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 2_000 }).catch(() => ({ stdout: '' }));
  return stdout.trim();
}

async function waitFor(check: () => Promise<boolean>, failure: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(failure);
}

/** Distinct free ports, held together until all are known so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  // Cluster mode also listens on port + 10000 (the cluster bus): that must be free too.
  if (ports.some((p) => p + 10_000 > 65_535)) return freePorts(count);
  return ports;
}
