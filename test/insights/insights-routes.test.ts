import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/connect/accounts.js';
import { AUTUMN, loadAutumnFigures } from '../support/insights-data.js';
import { buildConnectHarness } from '../support/connect-harness.js';
import { signInAs as signIn } from '../support/staff-session.js';
import { ADMIN_TOKEN } from '../support/test-server.js';

const PASSWORD = 'a long staff password';
const RANGE = `from=${AUTUMN.from}&to=${AUTUMN.to}`;
const signInAs = (app: Parameters<typeof request>[0], area: '/insights' | '/connect', email: string) => signIn(app, area, email, PASSWORD);

describe('the insights pages and CSV API', () => {
  let h: Awaited<ReturnType<typeof buildConnectHarness>>;
  let analyst: string;
  let connector: string;
  beforeAll(async () => {
    h = await buildConnectHarness();
    const db = await h.db();
    await createAccount(db, 'ana@council.gov.uk', PASSWORD, 'analyst');
    await createAccount(db, 'sam@council.gov.uk', PASSWORD, 'connector');
    await loadAutumnFigures(db);
    analyst = (await signInAs(h.app, '/insights', 'ana@council.gov.uk')).cookie;
    connector = (await signInAs(h.app, '/connect', 'sam@council.gov.uk')).cookie;
  }, 60_000);
  afterAll(() => h?.close());

  it('signs an analyst in to the figures with a Secure, HttpOnly, SameSite=Strict session', async () => {
    const { res } = await signInAs(h.app, '/insights', 'Ana@Council.gov.uk');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/insights/reports');
    const session = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-signpost-connect='))!;
    expect(session).toMatch(/HttpOnly.*SameSite=Strict.*Secure/);
    const page = await request(h.app).get(`/insights/reports?${RANGE}`).set('Cookie', analyst);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('How far people got');
    expect(page.text.match(/<section class="report"/g)).toHaveLength(7);
    expect(page.text).toContain('<td class="num">&lt;10</td>');
    expect(page.text).toContain(`Figures for ${AUTUMN.from} to ${AUTUMN.to}`);
    // The chart library is served from this site, from node_modules.
    const lib = await request(h.app).get('/insights/assets/echarts.min.js');
    expect(lib.status).toBe(200);
    expect(lib.text.length).toBeGreaterThan(500_000);
  });

  it('gives the sign-in page to anyone signed out, with a forged session or an expired one', async () => {
    const signedOut = await request(h.app).get('/insights/reports');
    expect([signedOut.status, signedOut.headers.location]).toEqual([303, '/insights/sign-in']);
    const forged = await request(h.app).get('/insights/reports').set('Cookie', '__Host-signpost-connect=forged-token-of-the-right-length-000000000');
    expect([forged.status, forged.headers.location]).toEqual([303, '/insights/sign-in']);
    const { cookie } = await signInAs(h.app, '/insights', 'ana@council.gov.uk');
    await (await h.db()).query("UPDATE connector_sessions SET expires_at = now() - interval '1 minute'");
    const expired = await request(h.app).get('/insights/reports').set('Cookie', cookie);
    expect([expired.status, expired.headers.location]).toEqual([303, '/insights/sign-in']);
    const csv = await request(h.app).get(`/insights/checkin_bands.csv?${RANGE}`).set('Cookie', cookie);
    expect([csv.status, csv.headers.location]).toEqual([303, '/insights/sign-in']);
    // The sessions signed in before this test ended with them; sign in again for the tests after.
    analyst = (await signInAs(h.app, '/insights', 'ana@council.gov.uk')).cookie;
    connector = (await signInAs(h.app, '/connect', 'sam@council.gov.uk')).cookie;
  });

  it('shows a connector no figures and an analyst no callbacks', async () => {
    const figures = await request(h.app).get(`/insights/reports?${RANGE}`).set('Cookie', connector);
    expect(figures.status).toBe(403);
    expect(figures.text).toContain('is a connector account');
    expect(figures.text).not.toContain('How far people got');
    expect((await request(h.app).get(`/insights/checkin_bands.csv?${RANGE}`).set('Cookie', connector)).status).toBe(403);

    const callbacks = await request(h.app).get('/connect/requests').set('Cookie', analyst);
    expect(callbacks.status).toBe(403);
    expect(callbacks.text).toContain('is an analyst account');
    expect(callbacks.text).not.toContain('Callback requests');
    expect((await request(h.app).get('/connect/audit').set('Cookie', analyst)).status).toBe(403);
    // Whichever form they use, people land in their own area.
    expect((await signInAs(h.app, '/connect', 'ana@council.gov.uk')).res.headers.location).toBe('/insights/reports');
    expect((await signInAs(h.app, '/insights', 'sam@council.gov.uk')).res.headers.location).toBe('/connect/requests');
  });

  it('refuses a sign-in form without its CSRF token, and a sign-out without the session one', async () => {
    const noToken = await request(h.app).post('/insights/sign-in').type('form').send({ email: 'ana@council.gov.uk', password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('The sign-in form had expired');
    expect(String(noToken.headers['set-cookie'] ?? '')).not.toContain('signpost-connect=');
    const wrong = await signInAs(h.app, '/insights', 'nobody@council.gov.uk');
    expect(wrong.res.status).toBe(401);
    expect(wrong.res.text).toContain('do not match an account');
    const forged = await request(h.app).post('/insights/sign-out').set('Cookie', analyst).type('form').send({ _csrf: 'guess' });
    expect(forged.status).toBe(403);
    expect((await request(h.app).get(`/insights/reports?${RANGE}`).set('Cookie', analyst)).status).toBe(200);
  });

  it('locks an analyst account after five wrong passwords, in the words of the insights page', async () => {
    await createAccount(await h.db(), 'guessed@council.gov.uk', PASSWORD, 'analyst');
    const attempt = async (password: string) => (await signIn(h.app, '/insights', 'guessed@council.gov.uk', password)).res;
    for (let i = 0; i < 4; i++) expect((await attempt('wrong password here')).text).toContain('do not match an account');
    expect((await attempt('wrong password here')).text).toContain('this account is locked for 15 minutes');
    const right = await attempt(PASSWORD);
    expect(right.status).toBe(401);
    expect(right.text).toContain('this account is locked');
  });

  it('answers a backwards, future, ten-year or unknown-campaign range with a calm message on the page', async () => {
    const cases: [string, RegExp][] = [
      ['from=2026-11-30&to=2026-10-01', /The range ends \(2026-10-01\) before it starts \(2026-11-30\): swap the dates/],
      ['from=2099-01-01&to=2099-02-01', /The range starts in the future/],
      ['from=2016-01-01&to=2026-01-01', /A report covers at most 5 years/],
      [`${RANGE}&campaign=nope`, /There is no campaign called &quot;nope&quot;/],
      ['from=yesterday&to=2026-11-01', /Dates are written as YYYY-MM-DD/],
    ];
    for (const [query, message] of cases) {
      const page = await request(h.app).get(`/insights/reports?${query}`).set('Cookie', analyst);
      expect(page.status, query).toBe(400);
      expect(page.text, query).toMatch(message);
      expect(page.text).toContain('role="alert"');
      expect(page.text).toContain('<form method="get" action="/insights/reports"');
      const csv = await request(h.app).get(`/insights/life_events.csv?${query}`).set('Cookie', analyst);
      expect([csv.status, csv.type], query).toEqual([400, 'text/plain']);
    }
  });

  it('shows empty charts with a note for a range with nothing recorded', async () => {
    const page = await request(h.app).get('/insights/reports?from=2025-01-01&to=2025-01-31').set('Cookie', analyst);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nothing was recorded between 2025-01-01 and 2025-01-31 for these filters.');
    expect(page.text).toContain('No figures for these dates');
  });

  it('downloads each table as CSV with the session, filtered as the page is', async () => {
    const res = await request(h.app).get(`/insights/conversations_by_week.csv?${RANGE}&campaign=gp_poster`).set('Cookie', analyst);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="conversations_by_week_${AUTUMN.from}_${AUTUMN.to}.csv"`);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFWeek starting,Channel,Language,Campaign,Conversations');
    expect(lines.slice(1, -1)).toEqual(['2026-11-02,sms,en,gp_poster,14', '2026-11-09,sms,en,gp_poster,14', '2026-11-16,sms,en,gp_poster,14', '2026-11-23,sms,en,gp_poster,14']);
    const page = await request(h.app).get(`/insights/reports?${RANGE}&campaign=gp_poster`).set('Cookie', analyst);
    expect(page.text).toContain(`href="/insights/conversations_by_week.csv?from=${AUTUMN.from}&amp;to=${AUTUMN.to}&amp;campaign=gp_poster"`);
    const unknown = await request(h.app).get(`/insights/salaries.csv?${RANGE}`).set('Cookie', analyst);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('There is no such report');
  });

  it('serves GET /admin/insights/<report>.csv to the Bearer ADMIN_TOKEN only', async () => {
    expect((await request(h.app).get(`/admin/insights/checkin_bands.csv?${RANGE}`)).status).toBe(401);
    expect((await request(h.app).get(`/admin/insights/checkin_bands.csv?${RANGE}`).set('Cookie', analyst)).status).toBe(401);
    expect((await request(h.app).get(`/admin/insights/checkin_bands.csv?${RANGE}`).set('Authorization', `Bearer ${ADMIN_TOKEN}x`)).status).toBe(401);
    const res = await request(h.app).get(`/admin/insights/checkin_bands.csv?${RANGE}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('\uFEFF"Band (score 3-5 low, 6-7 some, 8-9 high)",People\r\nlow,35\r\nsome,52\r\nhigh,43\r\n');
    const bad = await request(h.app).get('/admin/insights/checkin_bands.csv?from=2026-11-30&to=2026-10-01').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('swap the dates');
  });
});
