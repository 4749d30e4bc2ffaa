import type { RedisClient } from './redis-scripts.js';

export type RedisPersistence =
  | { status: 'kept'; appendonly: boolean; snapshots: boolean }
  | { status: 'nothing_on_disk' }
  /** CONFIG is renamed or disabled (managed Redis often does this): we cannot tell. */
  | { status: 'unknown'; reason: string };

/**
 * Whether this Redis keeps anything on disk: the append-only file (`appendonly yes`) or RDB snapshots (a
 * non-empty `save`). With neither, every conversation is lost when Redis restarts. On a Cluster every master
 * is asked, and the weakest answer counts.
 */
export async function checkRedisPersistence(client: RedisClient): Promise<RedisPersistence> {
  const nodes = 'nodes' in client ? client.nodes('master') : [client];
  let weakest: RedisPersistence = { status: 'kept', appendonly: true, snapshots: true };
  for (const node of nodes) {
    let appendonly: string | undefined;
    let save: string | undefined;
    try {
      [, appendonly] = (await node.config('GET', 'appendonly')) as string[];
      [, save] = (await node.config('GET', 'save')) as string[];
    } catch (error) {
      return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    }
    const kept = { appendonly: appendonly === 'yes', snapshots: Boolean(save?.trim()) };
    if (!kept.appendonly && !kept.snapshots) return { status: 'nothing_on_disk' };
    if (weakest.status === 'kept') weakest = { status: 'kept', appendonly: weakest.appendonly && kept.appendonly, snapshots: weakest.snapshots && kept.snapshots };
  }
  return weakest;
}
