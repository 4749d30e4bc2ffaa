import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { renderReplies } from '../../src/channels/render-replies.js';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { OutageSpool } from '../../src/server/outage-spool.js';
import { REPO_ROOT, Resident, testBot } from '../support/test-bot.js';
import { ID_SECRET } from '../support/test-server.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-spool-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replies to spooled messages across a crash', () => {
  it('are each texted once when the process is killed after a send and before Twilio answered it', async () => {
    const phone = '+447700900919';
    const words = ['hi', '1'];
    const spoolFile = join(dir, 'spool.log');
    const spool = await OutageSpool.open(spoolFile, ID_SECRET);
    const conversationId = conversationIdFor(ID_SECRET, 'sms', phone);
    for (const [i, text] of words.entries()) await spool.append({ channel: 'sms', to: phone, conversationId, messageId: `SMcrash${i}`, text, mediaCount: 0, answered: false });
    await spool.close();

    // Twilio's Messages API on loopback: the first send is received (Twilio would text it) but never answered.
    const texted: string[] = [];
    let hangFirst = true;
    let received = () => {};
    const firstSend = new Promise<void>((resolve) => (received = resolve));
    const twilio = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        texted.push(new URLSearchParams(body).get('Body') ?? '');
        if (hangFirst) {
          hangFirst = false;
          received();
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${String(texted.length).padStart(32, '0')}`, status: 'queued' }));
      });
    });
    twilio.listen(0, '127.0.0.1');
    await once(twilio, 'listening');
    const replayer = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', 'test/support/spool-replayer.ts'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          REDIS_URL: inject('redisUrl'),
          STORE_PREFIX: `sp-crash-${randomUUID().slice(0, 8)}`,
          SPOOL_FILE: spoolFile,
          TWILIO_API_BASE_URL: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        },
      });
    try {
      const first = replayer();
      await firstSend;
      first.kill('SIGKILL');
      await once(first, 'exit');
      expect(texted).toHaveLength(1);

      const second = replayer();
      const [code] = (await once(second, 'exit')) as [number];
      expect(code).toBe(0);
    } finally {
      twilio.closeAllConnections();
      twilio.close();
    }

    // What the resident gets: each reply once, in order, as if nothing had crashed.
    const resident = new Resident(await testBot());
    const expected: string[] = [];
    for (const text of words) {
      await resident.says(text);
      expected.push(...renderReplies('sms', resident.last).map((m) => m.body));
    }
    expect(texted).toEqual(expected);
    expect(readFileSync(spoolFile, 'utf8')).toBe('');
  }, 120_000);
});
