import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';
import type { Translate } from '../content/translate.js';
import { LOCK_MINUTES } from '../connect/accounts.js';
import { signedInAs, staffPageHeaders, staffSignIn } from '../connect/staff-sign-in.js';
import type { Database } from '../records/database.js';
import { requireAdminToken } from '../server/bearer-token.js';
import { otherRolePage, reportsPage, signInPage, type FilterChoices, type InsightsContext } from './insights-pages.js';
import { INSIGHTS_CSS } from './insights-style.js';
import { csvFileName, reportCsv } from './report-csv.js';
import { runAll, type ReportSource } from './report-source.js';
import { REPORT_NAMES, type ReportName } from '../analytics/reports.js';

const require = createRequire(import.meta.url);
/** The chart library's browser build, served from node_modules: the pages load nothing from elsewhere. */
const ECHARTS = require.resolve('echarts/dist/echarts.min.js');
const CHARTS_SCRIPT = fileURLToPath(new URL('./public/insights-charts.js', import.meta.url));

/** Scripts only from this site (ECharts and the page's own), never inline; nothing else loads. */
const INSIGHTS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** What the page shows before an analyst picks dates: the last twelve weeks up to today. */
const DEFAULT_DAYS = 84;

export interface InsightsOptions {
  reports: ReportSource;
  db: () => Promise<Database>;
  choices: () => FilterChoices;
  t: Translate;
  secureCookies: boolean;
  adminToken?: string;
  clock?: () => Date;
}

/**
 * The analysts' pages at /insights (sign in with an analyst account; charts with their tables, CSV downloads),
 * and GET /admin/insights/<report>.csv for scripts with the Bearer ADMIN_TOKEN.
 */
export function insightsRoutes(options: InsightsOptions) {
  const { t, reports } = options;
  const clock = options.clock ?? (() => new Date());
  const router = express.Router();
  router.use('/insights', staffPageHeaders(INSIGHTS_CSP), express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }));

  router.get('/insights/insights.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(INSIGHTS_CSS);
  });
  router.get('/insights/assets/echarts.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').sendFile(ECHARTS);
  });
  router.get('/insights/assets/insights-charts.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').sendFile(CHARTS_SCRIPT);
  });

  const pageContext = (res?: Response): InsightsContext => {
    const who = res ? signedInAs(res) : undefined;
    return { t, ...(who ? { who: { email: who.email, csrf: who.csrf } } : {}) };
  };
  const { router: signInRoutes, signedIn } = staffSignIn({
    base: '/insights',
    role: 'analyst',
    db: options.db,
    secureCookies: options.secureCookies,
    clock,
    words: {
      formExpired: t('insights.sign_in.expired'),
      invalid: t('insights.sign_in.invalid'),
      locked: t('insights.sign_in.locked', { minutes: LOCK_MINUTES }),
      sessionEnded: t('insights.sign_in.session_ended'),
      formStale: t('insights.sign_in.form_stale'),
    },
    signInPage: (form) => signInPage(pageContext(), form),
    otherRolePage: (who) => otherRolePage(pageContext(), who),
  });
  router.use(signInRoutes);

  router.get('/insights/reports', signedIn, async (req, res) => {
    const asked = req.query as Record<string, string>;
    const input = asked.from || asked.to ? asked : { ...asked, ...defaultRange(clock()) };
    const check = reports.check(input);
    const view = { asked: input, choices: options.choices() };
    if (!check.ok) {
      res.status(400).type('html').send(reportsPage(pageContext(res), { ...view, tables: [], problem: check.message }));
      return;
    }
    const tables = await runAll(reports, check.query);
    res.type('html').send(reportsPage(pageContext(res), { ...view, query: check.query, tables }));
  });

  /** One table as CSV: a known report and a valid query, else a calm 404 or 400 in plain text. */
  const sendCsv = async (req: Request, res: Response) => {
    const name = String(req.params.report) as ReportName;
    if (!REPORT_NAMES.includes(name)) {
      res.status(404).type('text/plain').send(t('insights.errors.unknown_report', { reports: REPORT_NAMES.join(', ') }));
      return;
    }
    const check = reports.check(req.query);
    if (!check.ok) {
      res.status(400).type('text/plain').send(check.message);
      return;
    }
    const table = await reports.run(name, check.query);
    res
      .type('text/csv; charset=utf-8')
      .set({ 'Content-Disposition': `attachment; filename="${csvFileName(table, check.query)}"`, 'Cache-Control': 'no-store' })
      .send(reportCsv(table));
  };
  router.get('/insights/:report.csv', signedIn, sendCsv);
  router.get('/admin/insights/:report.csv', requireAdminToken(options.adminToken, t('insights.errors.api_off')), sendCsv);

  return router;
}

/** The last DEFAULT_DAYS days up to today (UTC dates, as the reports use). */
export function defaultRange(now: Date): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(now.getTime() - (DEFAULT_DAYS - 1) * 86_400_000)), to: day(now) };
}
