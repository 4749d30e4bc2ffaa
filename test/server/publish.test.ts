import { Writable } from 'node:stream';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ADMIN_TOKEN } from '../support/test-server.js';
import { copyBotFiles } from '../support/bot-files-copy.js';

/** The server on its own copy of flows/ and content/, which the test edits as the comms team would. */
async function serverOnACopy() {
  const { root, edit } = copyBotFiles('signpost-publish-');
  const { config } = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN, CONTENT_ROOT: root, CHAT_PAGE: 'true' });
  const logs: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const built = await buildServer(config, logger, { store: new MemoryStore() });
  const http = supertest(built.app);
  const publish = (token = ADMIN_TOKEN) => http.post('/admin/reload').set('Authorization', `Bearer ${token}`);
  let n = 0;
  const resident = () => {
    const clientId = `resident-${(n += 1)}-0000`;
    return async (text: string) => (await http.post('/chat/messages').send({ clientId, channel: 'whatsapp', text })).body as { messages: Array<{ body: string }>; at: string | null };
  };
  return { root, http, edit, publish, resident, logs, built };
}

const said = (reply: { messages: Array<{ body: string }> }) => reply.messages.map((m) => m.body).join('\n');

describe('POST /admin/reload publishes edits without a restart', () => {
  it('needs the admin token', async () => {
    const { publish, http } = await serverOnACopy();
    expect((await http.post('/admin/reload')).status).toBe(401);
    expect((await publish('wrong-token')).status).toBe(401);
    const same = await publish();
    expect(same.status).toBe(200);
    expect(same.body.status).toBe('unchanged');
  });

  it('swaps in a checked edit: new conversations read the new words, and a metric and a log line name the live version', async () => {
    const { edit, publish, resident, http, logs } = await serverOnACopy();
    const before = await resident()('hi');
    expect(said(before)).toContain('Hi, this is Signpost');
    edit('content/en/welcome.yaml', (s) => s.replace('Hi, this is {service_name}', 'Hello from {service_name}'));
    const published = await publish();
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: { flows: expect.any(String), content: expect.any(String) } });
    expect(said(await resident()('hi'))).toContain('Hello from Signpost');

    const metrics = await http.get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(metrics.text).toContain(`signpost_live_version_info{flows="${published.body.version.flows}",content="${published.body.version.content}"} 1`);
    expect(metrics.text).toMatch(/signpost_reloads_total\{outcome="published"\} 1/);
    expect(logs.join('')).toContain(`"content":"${published.body.version.content}"`);
    expect(logs.join('')).toContain('reload: new version live');
  });

  it('publishes campaign edits too: the new keyword starts the campaign and the preview picker lists the new name', async () => {
    const { edit, publish, resident, http } = await serverOnACopy();
    expect(said(await resident()('GP27'))).not.toContain('lack companionship');
    edit('content/campaigns.yaml', (s) => s.replace('en: [GP26]', 'en: [GP27]').replace('name: GP surgery waiting-room poster', 'name: GP surgery poster, winter'));
    edit('content/en/campaigns.yaml', (s) => s.replace('(GP26)', '(GP27)'));
    expect((await publish()).body.status).toBe('published');
    expect(said(await resident()('GP27'))).toContain('How often do you feel that you lack companionship?');
    const picker = (await http.get('/chat/campaigns')).body as { campaigns: Array<{ id: string; name: string }> };
    expect(picker.campaigns.find((c) => c.id === 'gp_poster')?.name).toBe('GP surgery poster, winter');
  });

  it('refuses a broken edit with its errors, and the running version keeps answering', async () => {
    const { edit, publish, resident } = await serverOnACopy();
    const talking = resident();
    await talking('hi');
    edit('content/en/welcome.yaml', (s) => s.replace("offer_yes: Yes, let's do it", "offer_yes: Yes: let's do it"));
    const refused = await publish();
    expect(refused.status).toBe(422);
    expect(refused.body.status).toBe('refused');
    expect(refused.body.errors).toEqual(["content/en/welcome.yaml:5: error: a text containing ': ' needs quotes Fix: put the whole text in double quotes: \"…\""]);
    // The conversation carries on, on the version that was live.
    expect(said(await talking('1'))).toMatch(/check-in|question/i);
    expect(said(await resident()('hi'))).toContain('Hi, this is Signpost');
  });

  it('a conversation on a step the edit removed gets the gentle restart', async () => {
    const { edit, publish, resident } = await serverOnACopy();
    const talking = resident();
    expect((await talking('hi')).at).toBe('welcome.offer_checkin');
    edit('flows/welcome.yaml', (s) => s.replace('  offer_checkin:', '  offer_check_in:').replace('next: offer_checkin', 'next: offer_check_in'));
    expect((await publish()).body.status).toBe('published');
    const next = await talking('1');
    expect(said(next)).toContain("we've made some changes");
    expect(said(next)).toContain('Hi, this is Signpost');
  });
});
