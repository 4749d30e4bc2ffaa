import type { Translate } from '../content/translate.js';
import { html, type SafeHtml } from '../connect/html.js';
import { STAFF_HOMES } from '../connect/staff-sign-in.js';
import { chartOption } from './chart-options.js';
import type { ReportQuery, ReportTable } from '../analytics/reports.js';

/** The choices the filter form offers: the campaigns of content/campaigns.yaml and the bot's languages. */
export interface FilterChoices {
  campaigns: { id: string; name: string }[];
  channels: readonly string[];
  languages: { code: string; name: string }[];
}

export interface InsightsContext {
  t: Translate;
  /** The signed-in analyst, with the CSRF token the sign-out form carries. */
  who?: { email: string; csrf: string };
}

export function layout(ctx: InsightsContext, title: string, body: SafeHtml, options: { charts?: boolean } = {}): string {
  const { t } = ctx;
  return `<!doctype html>${html`<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t('insights.service')}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/insights/insights.css"></head>
<body><a class="skip" href="#main">${t('insights.skip')}</a>
<header><span><strong>${t('insights.service')}</strong></span>${
    ctx.who
      ? html`<form method="post" action="/insights/sign-out"><input type="hidden" name="_csrf" value="${ctx.who.csrf}"><button type="submit">${t('insights.sign_out')} <span class="skip">${ctx.who.email}</span></button></form>`
      : ''
  }</header>
<main id="main">${body}</main>${
    options.charts ? html`<script src="/insights/assets/echarts.min.js"></script><script src="/insights/assets/insights-charts.js"></script>` : ''
  }</body></html>`}`;
}

export function signInPage(ctx: InsightsContext, form: { loginToken: string; error?: string; email?: string }): string {
  const { t } = ctx;
  return layout(
    ctx,
    t('insights.sign_in.title'),
    html`<h1>${t('insights.sign_in.title')}</h1>
${form.error ? html`<div class="warning" role="alert" id="sign-in-error">${form.error}</div>` : ''}
<form method="post" action="/insights/sign-in" class="narrow">
<input type="hidden" name="_csrf" value="${form.loginToken}">
<label for="email">${t('insights.sign_in.email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${form.email ?? ''}"${form.error ? html` aria-describedby="sign-in-error"` : ''}>
<label for="password">${t('insights.sign_in.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${t('insights.sign_in.button')}</button></p>
</form>`,
  );
}

/** Someone signed in with a connector account: the figures are not theirs to see. */
export function otherRolePage(ctx: InsightsContext, who: { email: string }): string {
  const { t } = ctx;
  return layout(
    ctx,
    t('insights.other_role.title'),
    html`<h1>${t('insights.other_role.title')}</h1><p>${t('insights.other_role.body', { email: who.email })}</p><p><a href="${STAFF_HOMES.connector}">${t('insights.other_role.link')}</a></p>`,
  );
}

/** The query as a URL's search part, for the CSV links and the form's values. */
export function querySearch(query: Partial<ReportQuery>): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'campaign', 'channel', 'language'] as const) if (query[key]) params.set(key, query[key]!);
  return params.toString();
}

function select(ctx: InsightsContext, name: 'campaign' | 'channel' | 'language', chosen: string | undefined, options: { value: string; label: string }[]): SafeHtml {
  const { t } = ctx;
  return html`<div><label for="${name}">${t(`insights.reports.${name}`)}</label><select id="${name}" name="${name}">
<option value="">${t(`insights.reports.any_${name}`)}</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === chosen ? html` selected` : ''}>${o.label}</option>`,
  )}</select></div>`;
}

function filterForm(ctx: InsightsContext, asked: Partial<ReportQuery>, choices: FilterChoices): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/insights/reports" class="filters" aria-label="${t('insights.reports.filters')}">
<div><label for="from">${t('insights.reports.from')}</label><input id="from" name="from" type="date" required value="${asked.from ?? ''}"></div>
<div><label for="to">${t('insights.reports.to')}</label><input id="to" name="to" type="date" required value="${asked.to ?? ''}"></div>
${select(ctx, 'campaign', asked.campaign, choices.campaigns.map((c) => ({ value: c.id, label: c.name })))}
${select(ctx, 'channel', asked.channel, choices.channels.map((c) => ({ value: c, label: t(`insights.channels.${c}`) || c })))}
${select(ctx, 'language', asked.language, choices.languages.map((l) => ({ value: l.code, label: l.name })))}
<div class="go"><button type="submit">${t('insights.reports.show')}</button></div>
</form>`;
}

/** A cell as the table shows it: shares as percentages, means to two places, "<10" as it is. */
function shown(ctx: InsightsContext, value: string | number | null | undefined, kind: ReportTable['columns'][number]['kind']): string {
  if (value === null || value === undefined || value === '') return ctx.t('insights.reports.not_shown');
  if (typeof value !== 'number') return value;
  if (kind === 'share') return `${(value * 100).toFixed(1)}%`;
  if (kind === 'number') return value.toFixed(2);
  return value.toLocaleString('en-GB');
}

function reportSection(ctx: InsightsContext, table: ReportTable, query: ReportQuery): SafeHtml {
  const { t } = ctx;
  const id = `report-${table.name}`;
  const hasHidden = table.rows.some((row) => table.columns.some((c) => c.kind !== 'text' && row[c.key] === null));
  return html`<section class="report" aria-labelledby="${id}">
<h2 id="${id}">${table.title}</h2>
<div class="chart" role="img" aria-label="${t('insights.reports.chart_label', { title: table.title })}" data-chart="${JSON.stringify(chartOption(table, { noData: t('insights.reports.no_data') }))}"></div>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}">
<table><caption class="skip">${table.title}</caption>
<thead><tr>${table.columns.map((c) => html`<th scope="col"${c.kind === 'text' ? '' : html` class="num"`}>${c.label}</th>`)}</tr></thead>
<tbody>${
    table.rows.length
      ? table.rows.map(
          (row) => html`<tr>${table.columns.map((c, i) =>
            i === 0 ? html`<th scope="row">${shown(ctx, row[c.key], c.kind)}</th>` : html`<td${c.kind === 'text' ? '' : html` class="num"`}>${shown(ctx, row[c.key], c.kind)}</td>`,
          )}</tr>`,
        )
      : html`<tr><td colspan="${table.columns.length}">${t('insights.reports.empty_table')}</td></tr>`
  }</tbody></table></div>
${table.note ? html`<p class="note">${table.note}</p>` : ''}${hasHidden ? html`<p class="note">${t('insights.reports.not_shown_note')}</p>` : ''}
<p><a class="download" href="/insights/${table.name}.csv?${querySearch(query)}" download>${t('insights.reports.download', { title: table.title })}</a></p>
</section>`;
}

/** The figures for one range: the filters, then each report as a chart with its table beneath and a CSV link. */
export function reportsPage(ctx: InsightsContext, view: { asked: Partial<ReportQuery>; choices: FilterChoices; query?: ReportQuery; tables: ReportTable[]; problem?: string }): string {
  const { t } = ctx;
  const { query } = view;
  return layout(
    ctx,
    t('insights.reports.title'),
    html`<h1>${t('insights.reports.title')}</h1>
${filterForm(ctx, view.asked, view.choices)}
${view.problem ? html`<div class="warning" role="alert"><strong>${t('insights.reports.problem')}:</strong> ${view.problem}</div>` : ''}
${
  query
    ? html`<p>${t('insights.reports.intro', { from: query.from, to: query.to })}</p>
<nav aria-label="${t('insights.reports.contents')}"><ul class="contents">${view.tables.map((table) => html`<li><a href="#report-${table.name}">${table.title}</a></li>`)}</ul></nav>
${view.tables.map((table) => reportSection(ctx, table, query))}`
    : ''
}`,
    { charts: Boolean(query) },
  );
}
