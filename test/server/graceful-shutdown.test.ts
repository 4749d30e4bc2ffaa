import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';
import { inboundForm, messagesIn } from '../support/test-server.js';

describe('graceful shutdown', () => {
  it('finishes a turn in flight after SIGTERM, then exits cleanly', async () => {
    const port = 3900 + Math.floor(Math.random() * 500);
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'development', REDIS_URL: '', TWILIO_AUTH_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
    for (let i = 0; i < 150 && !logs.includes('is listening'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(logs).toContain('is listening');

    // A webhook whose body is still arriving when the signal comes.
    const body = new URLSearchParams(inboundForm('+447700900555', 'hi')).toString();
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/twilio/messages', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } });
    const response = once(req, 'response');
    req.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    req.end(body.slice(10));

    const [res] = (await response) as [import('node:http').IncomingMessage];
    let twiml = '';
    for await (const chunk of res) twiml += String(chunk);
    expect(res.statusCode).toBe(200);
    expect(messagesIn(twiml).join('')).toContain('this is Signpost');
    const [code] = await once(server, 'exit');
    expect(code).toBe(0);
    expect(logs).toContain('shutting down: finishing turns in flight');
    expect(logs).toMatch(/"unfinished":0.*"msg":"stopped"/);
  }, 30_000);
});
