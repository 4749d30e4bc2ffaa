import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { listAudit } from '../callbacks/audit-log.js';
import { callbackStatusSchema } from '../callbacks/callback-request.js';
import type { CallbackService } from '../callbacks/callback-service.js';
import type { Translate } from '../content/translate.js';
import { LOCK_MINUTES } from './accounts.js';
import { auditPage, detailPage, listPage, otherRolePage, signInPage, type PageContext } from './inbox-pages.js';
import { INBOX_CSS } from './inbox-style.js';
import { signedInAs, staffPageHeaders, staffSignIn } from './staff-sign-in.js';

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

/** No script runs on these pages, whatever a field holds. */
const INBOX_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The connector inbox at /connect: sign in, see requests, reveal a number (logged), mark contacted or closed,
 * add a note, read the audit log. Server-rendered, no scripts; sign-in and sessions as in staff-sign-in.ts.
 */
export function connectRoutes(options: { callbacks: CallbackService; secureCookies: boolean; t: Translate; clock?: () => Date }) {
  const { callbacks, t } = options;
  const clock = options.clock ?? (() => new Date());
  const router = express.Router();
  router.use('/connect', staffPageHeaders(INBOX_CSP), express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }));

  router.get('/connect/inbox.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(INBOX_CSS);
  });

  const { router: signInRoutes, signedIn } = staffSignIn({
    base: '/connect',
    role: 'connector',
    db: () => callbacks.db(),
    secureCookies: options.secureCookies,
    clock,
    words: {
      formExpired: 'The sign-in form had expired. Please try again.',
      invalid: 'That e-mail address and password do not match an account. Check them and try again.',
      locked: `Too many wrong passwords: this account is locked for ${LOCK_MINUTES} minutes. Ask your team lead if you need help sooner.`,
      sessionEnded: 'Please sign in again: your session has ended.',
      formStale: 'This form has expired. Go back, reload the page and try again.',
    },
    signInPage: (form) => signInPage({ t }, form),
    otherRolePage: (who) => otherRolePage({ t }, who),
  });
  router.use(signInRoutes);

  const ctxOf = (res: Response): PageContext => {
    const who = signedInAs(res);
    return { t, who: { email: who.email, csrf: who.csrf } };
  };

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
    const who = signedInAs(res);
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
      const who = signedInAs(res);
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
