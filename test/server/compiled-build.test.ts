import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/postgres.js';
import { REPO_ROOT } from '../support/test-bot.js';
import { AUTH_TOKEN, inboundForm, messagesIn, PUBLIC_BASE_URL, sign } from '../support/test-server.js';

/**
 * What the Docker image runs: `npm run build`, then `node dist/main.js` in production on Redis. Catches a
 * build that compiles but cannot start, such as a file the code reads that the build left behind. The comms
 * files are a copy with one text edited after the build, as a mounted content folder would be: the build's
 * parse cache must not serve the old words.
 */
describe('the compiled build', () => {
  it('builds, starts in production on Redis and answers a signed webhook; the chat page is off', async () => {
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT });
    const contentRoot = mkdtempSync(join(tmpdir(), 'signpost-compiled-'));
    for (const dir of ['flows', 'content']) cpSync(join(REPO_ROOT, dir), join(contentRoot, dir), { recursive: true });
    const welcome = join(contentRoot, 'content/en/welcome.yaml');
    writeFileSync(welcome, readFileSync(welcome, 'utf8').replace('a free text service from', 'a free text service (edited after the build) from'));
    const database = await createTestDatabase();
    const port = 4400 + Math.floor(Math.random() * 500);
    const server = spawn(process.execPath, ['dist/main.js'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: inject('redisUrl'),
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        PUBLIC_BASE_URL,
        ID_SECRET: 'compiled-build-secret-0123456789',
        ADMIN_TOKEN: 'compiled-build-admin-0123456789',
        WORKERS: '1',
        DATABASE_URL: database.url,
        CALLBACK_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        CONTENT_ROOT: contentRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    try {
      for (let i = 0; i < 150 && !logs.includes('is listening') && server.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(logs).toContain('is listening');
      const base = `http://127.0.0.1:${port}`;

      expect(await fetch(`${base}/readyz`).then((r) => r.json())).toMatchObject({ status: 'ready', store: 'redis' });
      const form = inboundForm('+447700900777', 'hi');
      const reply = await fetch(`${base}/twilio/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign('/twilio/messages', form) },
        body: new URLSearchParams(form).toString(),
      });
      expect(reply.status).toBe(200);
      expect(messagesIn(await reply.text()).join('')).toContain('this is Signpost, a free text service (edited after the build) from');
      // The safety lexicon is read from next to the compiled code: a crisis message must still be caught.
      const crisis = inboundForm('+447700900777', 'I want to end my life');
      const help = await fetch(`${base}/twilio/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign('/twilio/messages', crisis) },
        body: new URLSearchParams(crisis).toString(),
      });
      expect(messagesIn(await help.text()).join('')).toContain('116 123');
      expect((await fetch(`${base}/`)).status).toBe(404);
      // The records database was migrated at start, and the inbox answers.
      for (let i = 0; i < 100 && !logs.includes('records database ready'); i++) await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${base}/connect/sign-in`)).status).toBe(200);
    } finally {
      if (server.exitCode === null) {
        const exited = once(server, 'exit');
        server.kill('SIGTERM');
        expect((await exited)[0]).toBe(0);
      }
      await database.drop();
      rmSync(contentRoot, { recursive: true, force: true });
    }
  }, 180_000);
});
