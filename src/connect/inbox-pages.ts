import type { AuditEntry } from '../callbacks/audit-log.js';
import type { CallbackRequest, CallbackStatus } from '../callbacks/callback-request.js';
import type { Translate } from '../content/translate.js';
import { html, type SafeHtml } from './html.js';
import type { ConnectorSession } from './sessions.js';
import { STAFF_HOMES } from './staff-sign-in.js';

/** The inbox is for the council's staff, in English; the answers' words come from content (callback.*). */
export interface PageContext {
  t: Translate;
  /** Signed-in connector, with the CSRF token every form carries. */
  who?: { email: string; csrf: string };
}

const STATUS_LABELS: Record<CallbackStatus, string> = { new: 'New', contacted: 'Contacted', closed: 'Closed', withdrawn: 'Withdrawn by the resident' };
const LANGUAGES: Record<string, string> = { en: 'English', pl: 'Polish' };
const TABS: { status: CallbackStatus | 'all'; label: string }[] = [
  { status: 'new', label: 'New' },
  { status: 'contacted', label: 'Contacted' },
  { status: 'closed', label: 'Closed' },
  { status: 'withdrawn', label: 'Withdrawn' },
  { status: 'all', label: 'All' },
];

export function layout(ctx: PageContext, title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Signpost connector inbox</title><link rel="stylesheet" href="/connect/inbox.css"></head>
<body><a class="skip" href="#main">Skip to main content</a>
<header><span><strong>Signpost</strong> connector inbox</span>${
    ctx.who
      ? html`<nav aria-label="Inbox"><a href="/connect/requests">Requests</a><a href="/connect/audit">Audit log</a>
<form method="post" action="/connect/sign-out">${csrf(ctx)}<button type="submit">Sign out <span class="skip">${ctx.who.email}</span></button></form></nav>`
      : ''
  }</header>
<main id="main">${body}</main></body></html>`}`;
}

function csrf(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.who?.csrf ?? ''}">`;
}

export function signInPage(ctx: PageContext, options: { loginToken: string; error?: string; email?: string }): string {
  return layout(
    ctx,
    'Sign in',
    html`<h1>Sign in</h1>
${options.error ? html`<div class="warning" role="alert" id="sign-in-error">${options.error}</div>` : ''}
<form method="post" action="/connect/sign-in">
<input type="hidden" name="_csrf" value="${options.loginToken}">
<label for="email">E-mail address</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}"${options.error ? html` aria-describedby="sign-in-error"` : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>`,
  );
}

/** Someone signed in as an analyst: the inbox is not theirs to see. */
export function otherRolePage(ctx: PageContext, who: ConnectorSession): string {
  return layout(
    ctx,
    'Not for this account',
    html`<h1>Not for this account</h1><p>${who.email} is an analyst account: it opens the <a href="${STAFF_HOMES[who.role]}">insights pages</a>, not the callback inbox.</p>`,
  );
}

/** Built once: a formatter per call costs more than the rest of a list row. */
const UK_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

function when(date: Date): string {
  return UK_TIME.format(date);
}

function failedNotifications(request: CallbackRequest): SafeHtml | '' {
  const failing = request.notifications.filter((n) => n.status !== 'sent' && n.lastError);
  if (!failing.length) return '';
  return html`<p class="warning">${failing.map(
    (n) => html`The team ${n.kind === 'email' ? 'e-mail' : 'webhook'} ${n.status === 'failed' ? 'could not be sent' : 'has not gone yet (retrying)'} after ${n.attempts} ${n.attempts === 1 ? 'try' : 'tries'}: ${n.lastError}. `,
  )}The request itself is safe here.</p>`;
}

function summary(ctx: PageContext, r: CallbackRequest): SafeHtml {
  return html`<dl>
<dt>Asked</dt><dd><time datetime="${r.createdAt.toISOString()}">${when(r.createdAt)}</time></dd>
<dt>About</dt><dd>${ctx.t(`callback.topic.${r.topic}`)}</dd>
<dt>Would like</dt><dd>${ctx.t(`callback.method.${r.method}`)}, ${ctx.t(`callback.time.${r.bestTime}`)}</dd>
<dt>Language</dt><dd>${LANGUAGES[r.locale] ?? r.locale}</dd>
<dt>Channel</dt><dd>${r.channel === 'web' ? 'Browser preview (no number)' : r.channel === 'sms' ? 'SMS' : 'WhatsApp'}</dd>
<dt>Status</dt><dd><span class="badge">${STATUS_LABELS[r.status]}</span></dd>
</dl>`;
}

export function listPage(ctx: PageContext, view: { status: CallbackStatus | 'all'; requests: CallbackRequest[]; total: number; page: number; pageSize: number }): string {
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  // Neighbouring pages are found from this page's edges (keyset), so every page costs the same to show.
  const link = (page: number, edge: string) => `/connect/requests?status=${view.status}&page=${page}&${edge}`;
  const first = view.requests[0];
  const last = view.requests.at(-1);
  return layout(
    ctx,
    'Requests',
    html`<h1>Callback requests</h1>
<nav aria-label="Filter by status"><ul class="tabs">${TABS.map(
      (tab) => html`<li><a href="/connect/requests?status=${tab.status}"${tab.status === view.status ? html` aria-current="page"` : ''}>${tab.label}</a></li>`,
    )}</ul></nav>
<p>${view.total} ${view.total === 1 ? 'request' : 'requests'}${view.status === 'new' || view.status === 'contacted' ? ', longest waiting first' : ', newest first'}.</p>
${view.requests.length ? '' : html`<p>Nothing here.</p>`}
<ul class="requests">${view.requests.map(
      (r) => html`<li><a href="/connect/requests/${r.id}">${r.firstName ?? 'No name given'}: ${ctx.t(`callback.topic.${r.topic}`)}</a>
${summary(ctx, r)}${failedNotifications(r)}</li>`,
    )}</ul>
${pages > 1 ? html`<nav class="pager" aria-label="Pages">${view.page > 1 && first ? html`<a href="${link(view.page - 1, `before=${first.id}`)}">Previous page</a>` : ''}<span>Page ${view.page} of ${pages}</span>${view.page < pages && last ? html`<a href="${link(view.page + 1, `after=${last.id}`)}">Next page</a>` : ''}${view.page < pages - 1 ? html`<a href="${link(pages, 'last=1')}">Last page</a>` : ''}</nav>` : ''}`,
  );
}

export function detailPage(ctx: PageContext, r: CallbackRequest, extra: { number?: string | null; audit: AuditEntry[]; notice?: string }): string {
  const open = r.status === 'new' || r.status === 'contacted';
  return layout(
    ctx,
    `Request from ${r.firstName ?? 'a resident'}`,
    html`<p><a href="/connect/requests">Back to requests</a></p>
<h1>Request from ${r.firstName ?? 'a resident (no name given)'}</h1>
${extra.notice ? html`<p class="notice" role="status">${extra.notice}</p>` : ''}
${summary(ctx, r)}${failedNotifications(r)}
<h2>Number</h2>
${
  extra.number
    ? html`<p>Number: <a class="number" id="number" href="tel:${extra.number}">${extra.number}</a></p><p>This was logged with your name. Please don't copy it anywhere else.</p>`
    : r.hasNumber
      ? html`<form method="post" action="/connect/requests/${r.id}/reveal">${csrf(ctx)}<p>Showing the number is logged with your name.</p><button type="submit">Show number</button></form>`
      : html`<p>No number is kept: ${r.channel === 'web' ? 'this request came from the browser preview.' : 'it was erased when the request ended.'}</p>`
}
${
  open
    ? html`<h2>Update</h2><div class="actions">
${r.status === 'new' ? html`<form method="post" action="/connect/requests/${r.id}/status">${csrf(ctx)}<input type="hidden" name="status" value="contacted"><button type="submit">Mark contacted</button></form>` : ''}
<form method="post" action="/connect/requests/${r.id}/status">${csrf(ctx)}<input type="hidden" name="status" value="closed"><button type="submit" class="secondary">Close (erases the number)</button></form></div>`
    : ''
}
<h2>Note</h2>
<form method="post" action="/connect/requests/${r.id}/note">${csrf(ctx)}
<label for="note">Short note for the team (no numbers or health details)</label>
<textarea id="note" name="note" maxlength="500">${r.note ?? ''}</textarea>
<p><button type="submit" class="secondary">Save note</button></p></form>
<h2>History</h2>
${auditTable(extra.audit, false)}`,
  );
}

export function auditPage(ctx: PageContext, entries: AuditEntry[]): string {
  return layout(ctx, 'Audit log', html`<h1>Audit log</h1><p>Every sign-in, every number shown and every change, newest first.</p>${auditTable(entries)}`);
}

const ACTIONS: Record<string, string> = {
  request_created: 'Request made',
  number_revealed: 'Number shown',
  status_changed: 'Status changed',
  note_changed: 'Note changed',
  withdrawn_by_resident: 'Withdrawn by the resident',
  erased_by_resident: 'Erased at the resident’s request (DELETE)',
  purged_after_retention: 'Erased after the retention period',
  signed_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  account_locked: 'Account locked',
  signed_out: 'Signed out',
  account_created: 'Account created',
};

/** The log as a table; on a request's own page the request column is left out. */
function auditTable(entries: AuditEntry[], withRequest = true): SafeHtml {
  if (!entries.length) return html`<p>Nothing yet.</p>`;
  return html`<table><caption class="skip">History, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th>${withRequest ? html`<th scope="col">Ref</th>` : ''}</tr></thead>
<tbody>${entries.map(
    (e) => html`<tr><td>${when(e.at)}</td><td>${e.actor}</td><td>${ACTIONS[e.action] ?? e.action}${e.detail ? html`: ${e.detail}` : ''}</td>${
      withRequest ? html`<td>${e.requestId ? html`<a href="/connect/requests/${e.requestId}" aria-label="Request ${e.requestId.slice(0, 8)}">${e.requestId.slice(0, 8)}</a>` : ''}</td>` : ''
    }</tr>`,
  )}</tbody></table>`;
}
