import { randomBytes } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { writeAudit } from '../callbacks/audit-log.js';
import type { Database } from '../records/database.js';
import { signIn, type StaffRole } from './accounts.js';
import { cookieNames, readCookie, setCookie } from './cookies.js';
import { endSession, readSession, sameSecret, SESSION_HOURS, startSession, type ConnectorSession } from './sessions.js';

/** Where each role lands after signing in: an account only ever opens its own area. */
export const STAFF_HOMES: Record<StaffRole, string> = { connector: '/connect/requests', analyst: '/insights/reports' };

/** What the sign-in says, in the words of the area that uses it. */
export interface SignInWords {
  formExpired: string;
  invalid: string;
  locked: string;
  /** A POST after the session ended. */
  sessionEnded: string;
  /** A POST whose CSRF token does not match the session's. */
  formStale: string;
}

export interface StaffSignInOptions {
  /** The area's path, e.g. /connect; its sign-in form is at <base>/sign-in. */
  base: string;
  role: StaffRole;
  db: () => Promise<Database>;
  secureCookies: boolean;
  clock: () => Date;
  words: SignInWords;
  signInPage: (form: { loginToken: string; error?: string; email?: string }) => string;
  /** Shown (403) to someone signed in with the other role. */
  otherRolePage: (who: ConnectorSession) => string;
}

/** No page of staff areas is framed, cached or sent as a referrer; `csp` is the area's own policy. */
export function staffPageHeaders(csp: string): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  };
}

/**
 * Sign-in, sign-out and the guard for one staff area, shared by the connector inbox and the insights pages.
 * Sessions are cookies (HttpOnly, SameSite=Strict, Secure over https) naming a row in the records database;
 * the sign-in form carries a login CSRF token, and every POST after it the session's.
 */
export function staffSignIn(options: StaffSignInOptions) {
  const { base, words, clock } = options;
  const names = cookieNames(options.secureCookies);

  const showSignIn = (res: Response, status: number, error?: string, email?: string) => {
    const loginToken = randomBytes(24).toString('base64url');
    setCookie(res, names.login, loginToken, { secure: options.secureCookies, maxAgeSeconds: 3600 });
    res.status(status).type('html').send(options.signInPage({ loginToken, ...(error ? { error } : {}), ...(email ? { email } : {}) }));
  };

  const session = async (req: Request): Promise<ConnectorSession | null> => readSession(await options.db(), readCookie(req, names.session), clock());

  /** Signed in with this area's role, and for a POST the form's CSRF token matches the session's. */
  const signedIn: RequestHandler = async (req, res, next) => {
    const who = await session(req);
    if (!who) {
      if (req.method === 'GET') res.redirect(303, `${base}/sign-in`);
      else res.status(401).type('text/plain').send(words.sessionEnded);
      return;
    }
    if (who.role !== options.role) {
      res.status(403).type('html').send(options.otherRolePage(who));
      return;
    }
    if (req.method === 'POST' && !sameSecret(String((req.body as Record<string, unknown>)?._csrf ?? ''), who.csrf)) {
      res.status(403).type('text/plain').send(words.formStale);
      return;
    }
    res.locals.staff = who;
    next();
  };

  const router: Router = express.Router();
  router.get(base, async (req, res) => {
    const who = await session(req);
    res.redirect(303, who ? STAFF_HOMES[who.role] : `${base}/sign-in`);
  });
  router.get(`${base}/sign-in`, (_req, res) => showSignIn(res, 200));

  router.post(`${base}/sign-in`, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 500) : '';
    const expected = readCookie(req, names.login);
    if (!expected || !sameSecret(String(body._csrf ?? ''), expected)) {
      showSignIn(res, 403, words.formExpired, email);
      return;
    }
    const db = await options.db();
    const result = await signIn(db, email, password, clock());
    if (!result.ok) {
      showSignIn(res, 401, result.reason === 'locked' ? words.locked : words.invalid, email);
      return;
    }
    const { token } = await startSession(db, result.accountId, clock());
    setCookie(res, names.session, token, { secure: options.secureCookies, maxAgeSeconds: SESSION_HOURS * 3600 });
    setCookie(res, names.login, '', { secure: options.secureCookies, maxAgeSeconds: 0 });
    // Whichever form they used, people land in their own area.
    res.redirect(303, STAFF_HOMES[result.role]);
  });

  router.post(`${base}/sign-out`, signedIn, async (req, res) => {
    const db = await options.db();
    await endSession(db, readCookie(req, names.session)!);
    await writeAudit(db, { actor: signedInAs(res).email, action: 'signed_out' });
    setCookie(res, names.session, '', { secure: options.secureCookies, maxAgeSeconds: 0 });
    res.redirect(303, `${base}/sign-in`);
  });

  return { router, signedIn };
}

/** The session `signedIn` let through. */
export function signedInAs(res: Response): ConnectorSession {
  return res.locals.staff as ConnectorSession;
}
