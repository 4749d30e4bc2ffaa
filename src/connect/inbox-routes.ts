import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { listAudit, writeAudit } from '../callbacks/audit-log.js';
import { callbackStatusSchema } from '../callbacks/callback-request.js';
import type { CallbackService } from '../callbacks/callback-service.js';
import type { Translate } from '../content/translate.js';
import { LOCK_MINUTES, signIn } from './accounts.js';
import { cookieNames, readCookie, setCookie } from './cookies.js';
import { auditPage, detailPage, listPage, signInPage, type PageContext } from './inbox-pages.js';
import { INBOX_CSS } from './inbox-style.js';
import { endSession, readSession, sameSecret, SESSION_HOURS, startSession, type ConnectorSession } from './sessions.js';

const PAGE_SIZE = 50;
const listQuery = z.object({
  status: z.union([callbackStatusSchema, z.literal('all')]).catch('new'),
  /** Shown as "Page N of M"; which requests are on it comes from `after`, `before` or `last`. */
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  after: z.uuid().optional().catch(undefined),
  before: z.uuid().optional().catch(undefined),
  last: z.literal('1').optional().catch(undefined),
});
const statusForm = z.object({ status: z.enum(['contacted', 'closed']) });
const noteForm = z.object({ note: z.string().max(2000).transform((n) => n.trim().slice(0, 500)) });

/** Which requests a list page holds, from its link: after the previous page's last, before the next's first, or the end. */
function pageOf(query: z.infer<typeof listQuery>): { after: string } | { before: string } | { fromEnd: number } | { offset: number } {
  if (query.after) return { after: query.after };
  if (query.before) return { before: query.before };
  if (query.last) return { fromEnd: PAGE_SIZE };
  // A bare page number (an old bookmark): found by counting, as before keyset links.
  return { offset: (query.page - 1) * PAGE_SIZE };
}

/** No script runs on these pages, whatever a field holds; they are never framed, cached or sent as a referrer. */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  next();
};

/**
 * The connector inbox at /connect: sign in, see requests, reveal a number (logged), mark contacted or closed,
 * add a note, read the audit log. Server-rendered, no scripts. Sessions are cookies (HttpOnly, SameSite=Strict,
 * Secure over https) naming a row in the records database; every form carries a CSRF token.
 */
export function connectRoutes(options: { callbacks: CallbackService; secureCookies: boolean; t: Translate; clock?: () => Date }) {
  const { callbacks, t } = options;
  const clock = options.clock ?? (() => new Date());
  const names = cookieNames(options.secureCookies);
  const router = express.Router();
  router.use('/connect', securityHeaders, express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }));

  router.get('/connect/inbox.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(INBOX_CSS);
  });

  const showSignIn = (res: Response, status: number, error?: string, email?: string) => {
    const loginToken = randomBytes(24).toString('base64url');
    setCookie(res, names.login, loginToken, { secure: options.secureCookies, maxAgeSeconds: 3600 });
    res.status(status).type('html').send(signInPage({ t }, { loginToken, ...(error ? { error } : {}), ...(email ? { email } : {}) }));
  };

  const session = async (req: Request): Promise<ConnectorSession | null> => readSession(await callbacks.db(), readCookie(req, names.session), clock());

  /** Signed in, and for a POST the form's CSRF token matches the session's. */
  const signedIn: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    const who = await session(req);
    if (!who) {
      if (req.method === 'GET') res.redirect(303, '/connect/sign-in');
      else res.status(401).type('text/plain').send('Please sign in again: your session has ended.');
      return;
    }
    if (req.method === 'POST' && !sameSecret(String((req.body as Record<string, unknown>)?._csrf ?? ''), who.csrf)) {
      res.status(403).type('text/plain').send('This form has expired. Go back, reload the page and try again.');
      return;
    }
    res.locals.connector = who;
    next();
  };
  const ctxOf = (res: Response): PageContext => {
    const who = res.locals.connector as ConnectorSession;
    return { t, who: { email: who.email, csrf: who.csrf } };
  };

  router.get('/connect', async (req, res) => {
    res.redirect(303, (await session(req)) ? '/connect/requests' : '/connect/sign-in');
  });
  router.get('/connect/sign-in', (_req, res) => showSignIn(res, 200));

  router.post('/connect/sign-in', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 500) : '';
    const expected = readCookie(req, names.login);
    if (!expected || !sameSecret(String(body._csrf ?? ''), expected)) {
      showSignIn(res, 403, 'The sign-in form had expired. Please try again.', email);
      return;
    }
    const db = await callbacks.db();
    const result = await signIn(db, email, password, clock());
    if (!result.ok) {
      showSignIn(
        res,
        401,
        result.reason === 'locked'
          ? `Too many wrong passwords: this account is locked for ${LOCK_MINUTES} minutes. Ask your team lead if you need help sooner.`
          : 'That e-mail address and password do not match an account. Check them and try again.',
        email,
      );
      return;
    }
    const { token } = await startSession(db, result.accountId, clock());
    setCookie(res, names.session, token, { secure: options.secureCookies, maxAgeSeconds: SESSION_HOURS * 3600 });
    setCookie(res, names.login, '', { secure: options.secureCookies, maxAgeSeconds: 0 });
    res.redirect(303, '/connect/requests');
  });

  router.post('/connect/sign-out', signedIn, async (req, res) => {
    const db = await callbacks.db();
    await endSession(db, readCookie(req, names.session)!);
    await writeAudit(db, { actor: (res.locals.connector as ConnectorSession).email, action: 'signed_out' });
    setCookie(res, names.session, '', { secure: options.secureCookies, maxAgeSeconds: 0 });
    res.redirect(303, '/connect/sign-in');
  });

  router.get('/connect/requests', signedIn, async (req, res) => {
    const query = listQuery.parse(req.query);
    const records = await callbacks.records();
    const status = query.status === 'all' ? {} : { status: query.status };
    let { requests, total } = await records.list({ ...status, limit: PAGE_SIZE, ...pageOf(query) });
    let page = query.last ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : query.page;
    if (query.last && total % PAGE_SIZE) ({ requests, total } = await records.list({ ...status, fromEnd: total % PAGE_SIZE }));
    // An edge that is gone (erased meanwhile) or a page past the end: start again from the first.
    if (!requests.length && total) [{ requests, total }, page] = [await records.list({ ...status, limit: PAGE_SIZE }), 1];
    res.type('html').send(listPage(ctxOf(res), { status: query.status, requests, total, page, pageSize: PAGE_SIZE }));
  });

  const showRequest = async (req: Request, res: Response, extra: { number?: string | null; notice?: string } = {}) => {
    const records = await callbacks.records();
    const request = await records.get(String(req.params.id));
    if (!request) {
      res.status(404).type('text/plain').send('No such request: it may have been erased.');
      return;
    }
    const audit = await listAudit(await callbacks.db(), { requestId: request.id, limit: 50 });
    res.type('html').send(detailPage(ctxOf(res), request, { ...extra, audit }));
  };

  router.get('/connect/requests/:id', signedIn, (req, res) => showRequest(req, res));

  router.post('/connect/requests/:id/reveal', signedIn, async (req, res) => {
    const who = res.locals.connector as ConnectorSession;
    const number = await (await callbacks.records()).revealNumber(String(req.params.id), who.email);
    await showRequest(req, res, number ? { number } : { notice: 'There is no number to show for this request.' });
  });

  /** A form that changes a request: read it, apply it (audited by the records), show the request with a notice. */
  const changeRoute = <T>(action: string, form: z.ZodType<T>, invalid: string, change: (data: T) => { status?: 'contacted' | 'closed'; note?: string }, notice: (data: T, done: boolean) => string) =>
    router.post(`/connect/requests/:id/${action}`, signedIn, async (req, res) => {
      const parsed = form.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).type('text/plain').send(invalid);
        return;
      }
      const who = res.locals.connector as ConnectorSession;
      const done = await (await callbacks.records()).update(String(req.params.id), change(parsed.data), who.email, clock());
      await showRequest(req, res, { notice: notice(parsed.data, done) });
    });

  changeRoute('status', statusForm, 'Choose "contacted" or "closed".', ({ status }) => ({ status }), ({ status }, done) =>
    done ? (status === 'closed' ? 'Closed. The number and name have been erased.' : 'Marked as contacted.') : 'This request was already closed.',
  );
  changeRoute('note', noteForm, 'A note is at most 500 characters.', ({ note }) => ({ note }), (_, done) => (done ? 'Note saved.' : 'This request no longer exists.'));

  router.get('/connect/audit', signedIn, async (_req, res) => {
    res.type('html').send(auditPage(ctxOf(res), await listAudit(await callbacks.db(), { limit: 500 })));
  });

  return router;
}
