import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';
import { copyBotFiles } from '../support/bot-files-copy.js';
import { createTestDatabase } from '../support/postgres.js';

const ADMIN_TOKEN = 'publish-workers-admin-token';

describe('publishing reaches every worker', () => {
  it('SIGHUP and POST /admin/reload re-read the files in all WORKERS', async () => {
    const { root, edit } = copyBotFiles('signpost-workers-');
    // Workers share one records database: embedded PGlite belongs to one process.
    const database = await createTestDatabase();
    const port = 4400 + Math.floor(Math.random() * 500);
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), WORKERS: '2', REDIS_URL: inject('redisUrl'), DATABASE_URL: database.url, CONTENT_ROOT: root, ADMIN_TOKEN, CHAT_PAGE: 'false', LOG_LEVEL: 'info', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
    const count = (text: string) => logs.split(text).length - 1;
    const waitFor = async (text: string, times: number) => {
      for (let i = 0; i < 300 && count(text) < times; i++) await new Promise((r) => setTimeout(r, 100));
      expect(count(text), logs).toBeGreaterThanOrEqual(times);
    };
    try {
      await waitFor('is listening', 2);

      edit('content/en/welcome.yaml', (s) => s.replace('Hi, this is {service_name}', 'Hello from {service_name}'));
      server.kill('SIGHUP');
      await waitFor('reload: new version live', 2);
      expect(count('"reason":"SIGHUP"')).toBe(2);

      edit('content/en/welcome.yaml', (s) => s.replace('Hello from {service_name}', 'Good day from {service_name}'));
      const res = await fetch(`http://127.0.0.1:${port}/admin/reload`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      const body = (await res.json()) as { status: string; version: { content: string } };
      expect(res.status).toBe(200);
      expect(body.status).toBe('published');
      // The worker that answered published; the primary told the other, which read the same files.
      await waitFor('reload: new version live', 4);
      expect(count(`"content":"${body.version.content}"`)).toBeGreaterThanOrEqual(2);
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
      await database.drop();
    }
  }, 60_000);
});
