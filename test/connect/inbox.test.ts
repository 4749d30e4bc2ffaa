import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/connect/accounts.js';
import { ADMIN_TOKEN } from '../support/test-server.js';
import { buildConnectHarness, CALLBACK_SCRIPT } from '../support/connect-harness.js';

const PHONE = '+447700900555';
const PASSWORD = 'a long connector password';

/** Sign in through the form, as a browser would: fetch the form (login CSRF cookie), post it, keep the session cookie. */
async function signInAs(app: Parameters<typeof request>[0], email: string, password: string) {
  const form = await request(app).get('/connect/sign-in');
  const loginCookie = form.headers['set-cookie']![0]!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await request(app).post('/connect/sign-in').set('Cookie', loginCookie).type('form').send({ _csrf: token, email, password });
  const session = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.includes('signpost-connect='));
  return { res, session, cookie: session?.split(';')[0] };
}

describe('the connector inbox and admin API', () => {
  let h: Awaited<ReturnType<typeof buildConnectHarness>>;
  let requestId: string;
  beforeAll(async () => {
    h = await buildConnectHarness();
    await createAccount(await h.db(), 'sam@council.gov.uk', PASSWORD);
    await createAccount(await h.db(), 'locked@council.gov.uk', PASSWORD);
    for (const text of CALLBACK_SCRIPT) await h.texts(PHONE, text);
    const twiml = await h.texts(PHONE, "Ann <script>alert('x')</script>");
    expect(twiml).toContain('Just your first name');
    expect(await h.texts(PHONE, 'skip')).toContain('call you in the morning');
    const [row] = await (await h.db()).query<{ id: string }>('SELECT id FROM callback_requests');
    requestId = row!.id;
  }, 60_000);
  afterAll(() => h?.close());

  it('recorded the request through the webhook with the number encrypted, and told the team', async () => {
    const rows = await (await h.db()).query<Record<string, unknown>>('SELECT * FROM callback_requests');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('7700900555');
    for (let i = 0; i < 50 && !h.sent.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.sent).toEqual([requestId]);
  });

  it('serves GET /admin/callbacks?status=new to the Bearer ADMIN_TOKEN only, without numbers or names', async () => {
    expect((await request(h.app).get('/admin/callbacks?status=new')).status).toBe(401);
    expect((await request(h.app).get('/admin/callbacks').set('Authorization', `Bearer ${ADMIN_TOKEN}x`)).status).toBe(401);
    const bad = await request(h.app).get('/admin/callbacks?status=lost').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('status must be one of');
    const res = await request(h.app).get('/admin/callbacks?status=new').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, requests: [{ id: requestId, status: 'new', method: 'call', bestTime: 'morning', topic: 'company', locale: 'en', channel: 'sms' }] });
    expect(res.body.requests[0].inboxUrl).toBe(`https://signpost.example.gov.uk/connect/requests/${requestId}`);
    expect(JSON.stringify(res.body)).not.toContain('7700900555');
    expect((await request(h.app).get('/admin/callbacks?status=closed').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body.total).toBe(0);
  });

  it('sends the pages to sign-in when signed out, and sets a session cookie that is HttpOnly, SameSite=Strict and Secure over https', async () => {
    const list = await request(h.app).get('/connect/requests');
    expect(list.status).toBe(303);
    expect(list.headers.location).toBe('/connect/sign-in');
    const { res, session } = await signInAs(h.app, 'Sam@Council.gov.uk', PASSWORD);
    expect(res.status).toBe(303);
    expect(session).toMatch(/^__Host-signpost-connect=/);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Strict');
    expect(session).toContain('Secure');
    expect(res.headers['content-security-policy'] ?? (await request(h.app).get('/connect/sign-in')).headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('refuses a sign-in form without its CSRF token, and any change without the session CSRF token', async () => {
    const noToken = await request(h.app).post('/connect/sign-in').type('form').send({ email: 'sam@council.gov.uk', password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('sign-in form had expired');
    const { cookie } = await signInAs(h.app, 'sam@council.gov.uk', PASSWORD);
    const forged = await request(h.app).post(`/connect/requests/${requestId}/reveal`).set('Cookie', cookie!).type('form').send({ _csrf: 'guess' });
    expect(forged.status).toBe(403);
    expect(forged.text).not.toContain('7700 900555');
    const audit = await (await h.db()).query("SELECT 1 FROM audit_log WHERE action = 'number_revealed'");
    expect(audit).toHaveLength(0);
  });

  it('shows a request with HTML in any field as text, reveals the number once asked (logged), and closes it (number erased)', async () => {
    const { cookie } = await signInAs(h.app, 'sam@council.gov.uk', PASSWORD);
    const page = await request(h.app).get(`/connect/requests/${requestId}`).set('Cookie', cookie!);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('7700900555');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

    const note = await request(h.app).post(`/connect/requests/${requestId}/note`).set('Cookie', cookie!).type('form').send({ _csrf: csrf, note: '<img src=x onerror=alert(1)> left a message' });
    expect(note.text).toContain('&lt;img src=x onerror=alert(1)&gt; left a message');
    expect(note.text).not.toContain('<img src=x');
    expect(note.text).toContain('Note saved.');

    const revealed = await request(h.app).post(`/connect/requests/${requestId}/reveal`).set('Cookie', cookie!).type('form').send({ _csrf: csrf });
    expect(revealed.text).toContain(PHONE);
    expect(revealed.headers['cache-control']).toBe('no-store');

    const closed = await request(h.app).post(`/connect/requests/${requestId}/status`).set('Cookie', cookie!).type('form').send({ _csrf: csrf, status: 'closed' });
    expect(closed.text).toContain('The number and name have been erased');
    expect(closed.text).not.toContain(PHONE);
    const [row] = await (await h.db()).query<{ phone_encrypted: string | null; status: string }>('SELECT phone_encrypted, status FROM callback_requests');
    expect(row).toEqual({ phone_encrypted: null, status: 'closed' });

    const audit = await request(h.app).get('/connect/audit').set('Cookie', cookie!);
    expect(audit.text).toMatch(/sam@council\.gov\.uk<\/td><td>Number shown/);
    expect(audit.text).toMatch(/Status changed: closed/);
    const badStatus = await request(h.app).post(`/connect/requests/${requestId}/status`).set('Cookie', cookie!).type('form').send({ _csrf: csrf, status: 'deleted' });
    expect(badStatus.status).toBe(400);
    expect((await request(h.app).get('/connect/requests/not-a-request').set('Cookie', cookie!)).status).toBe(404);
  });

  it('shows on the request when the team e-mail failed, and why', async () => {
    await (await h.db()).query(`UPDATE callback_notifications SET status = 'failed', attempts = 6, last_error = 'connect ECONNREFUSED 10.0.0.5:587'`);
    const { cookie } = await signInAs(h.app, 'sam@council.gov.uk', PASSWORD);
    const list = await request(h.app).get('/connect/requests?status=all').set('Cookie', cookie!);
    expect(list.text).toContain('The team e-mail could not be sent after 6 tries: connect ECONNREFUSED 10.0.0.5:587');
    expect(list.text).toContain('The request itself is safe here.');
  });

  it('locks an account after five wrong passwords: even the right one is refused, and the lock is audited', async () => {
    for (let i = 1; i <= 4; i++) {
      const { res } = await signInAs(h.app, 'locked@council.gov.uk', `wrong password ${i}`);
      expect(res.status).toBe(401);
      expect(res.text).toContain('do not match an account');
    }
    const fifth = await signInAs(h.app, 'locked@council.gov.uk', 'wrong password 5');
    expect(fifth.res.text).toContain('locked for 15 minutes');
    const right = await signInAs(h.app, 'locked@council.gov.uk', PASSWORD);
    expect(right.res.status).toBe(401);
    expect(right.session).toBeUndefined();
    expect(right.res.text).toContain('locked');
    const unknown = await signInAs(h.app, 'nobody@council.gov.uk', PASSWORD);
    expect(unknown.res.text).toContain('do not match an account');
    const audit = await (await h.db()).query<{ action: string }>("SELECT action FROM audit_log WHERE actor = 'locked@council.gov.uk' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'account_locked', 'sign_in_failed']);
  }, 60_000);
});
