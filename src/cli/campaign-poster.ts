/**
 * npm run campaign:poster -- <campaign-id> [--out dir] | --all
 * Per campaign and language: the links, QR codes (SVG and PNG) and a print-ready A4 PDF poster.
 * Problems are one clear line each, exit code 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssue } from '../authoring/author-issue.js';
import { campaignStatusOn } from '../campaigns/campaign-book.js';
import type { Campaign } from '../campaigns/campaign-schema.js';
import { planPoster, PosterError, type ServiceNumbers } from '../campaigns/poster-plan.js';
import { renderCodes, renderPosterPdf } from '../campaigns/render-poster.js';
import { ConfigError, loadConfig } from '../config.js';
import { createTranslator } from '../content/translate.js';
import { loadContent } from '../content/load-content.js';
import { loadFlows } from '../flow/load-flows.js';
import { loadCampaigns } from '../campaigns/load-campaigns.js';

const USAGE = `Usage: npm run campaign:poster -- <campaign-id> [--out dir]
       npm run campaign:poster -- --all [--out dir] [--today YYYY-MM-DD]
         every campaign running or still to come (today, or on the day given, to plan a print run)
Needs TWILIO_SMS_FROM and TWILIO_WHATSAPP_FROM (the council's numbers, +44…).`;

class UsageError extends Error {}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'posters' }, all: { type: 'boolean', default: false }, today: { type: 'string' }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) return void console.log(USAGE);
  if (!values.all && positionals.length !== 1) throw new UsageError(USAGE);
  const today = values.today === undefined ? Date.now() : Date.parse(`${values.today}T12:00:00Z`);
  if (Number.isNaN(today) || (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))) throw new UsageError(`--today must be a date written YYYY-MM-DD\n${USAGE}`);

  const root = process.env.CONTENT_ROOT ?? process.cwd();
  const numbers = serviceNumbers();
  // Only what a poster needs: the words, and the flow names campaigns are checked against.
  const { catalog: content, issues: contentIssues } = loadContent(root);
  const { loaded: flows } = loadFlows(root);
  const { book: campaigns, issues } = loadCampaigns({ root, catalog: content, flowNames: new Set(flows.flows.keys()) });
  const first = [...contentIssues, ...issues].find((i) => i.severity === 'error');
  if (first) throw new PosterError(`content has errors, e.g. ${formatIssue(first)}; run npm run content:check`);
  const chosen = values.all ? runningOrComing(campaigns.campaigns, today) : [campaignNamed(campaigns.campaigns, positionals[0]!)];
  for (const c of chosen.filter((c) => campaignStatusOn(c, today) === 'expired')) {
    console.log(`note: ${c.id} ended on ${c.ends}; its keyword now gets the ordinary welcome (change ends: in content/campaigns.yaml to run it again)`);
  }

  for (const campaign of chosen) {
    for (const locale of Object.keys(campaign.keywords)) {
      const plan = planPoster(campaign, locale, createTranslator(content, locale), numbers);
      const dir = resolve(values.out, campaign.id, locale);
      mkdirSync(dir, { recursive: true });
      const pngs = new Map<string, Buffer>();
      const links: string[] = [];
      for (const code of plan.codes) {
        const { svg, png } = await renderCodes(code.link);
        writeFileSync(join(dir, `${code.channel}.svg`), svg);
        writeFileSync(join(dir, `${code.channel}.png`), png);
        pngs.set(code.channel, png);
        links.push(`${code.channel}: ${code.link}`);
      }
      writeFileSync(join(dir, 'links.txt'), `${links.join('\n')}\n`);
      writeFileSync(join(dir, 'poster.pdf'), await renderPosterPdf(plan, pngs));
      console.log(`${campaign.id} (${locale}): ${join(dir, 'poster.pdf')}`);
      for (const line of links) console.log(`  ${line}`);
    }
  }
}

function serviceNumbers(): ServiceNumbers {
  try {
    const { twilio } = loadConfig(process.env).config;
    return { ...(twilio.smsFrom ? { sms: twilio.smsFrom } : {}), ...(twilio.whatsappFrom ? { whatsapp: twilio.whatsappFrom } : {}) };
  } catch (error) {
    if (error instanceof ConfigError) throw new PosterError(`a setting is not valid: ${error.problems.join('; ')}`);
    throw error;
  }
}

function campaignNamed(campaigns: readonly Campaign[], id: string): Campaign {
  const campaign = campaigns.find((c) => c.id === id);
  if (!campaign) throw new PosterError(`there is no campaign '${id}' in content/campaigns.yaml; the campaigns are: ${campaigns.map((c) => c.id).join(', ') || '(none)'}`);
  return campaign;
}

/** Posters are printed before a campaign starts and while it runs; an ended campaign is left out, and said so. */
function runningOrComing(campaigns: readonly Campaign[], now: number): Campaign[] {
  const chosen = campaigns.filter((c) => campaignStatusOn(c, now) !== 'expired');
  for (const c of campaigns.filter((c) => !chosen.includes(c))) console.log(`${c.id}: ended ${c.ends}, no poster made`);
  if (!chosen.length) throw new PosterError('no campaign is running or still to come');
  return chosen;
}

try {
  await main();
} catch (error) {
  console.error(describeFailure(error));
  process.exitCode = 2;
}

/** One line for whoever runs it, never a stack trace. */
function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof PosterError) return `campaign:poster: ${error.message}`;
  const { code, path, message } = error as NodeJS.ErrnoException;
  if (code && path) return `campaign:poster: cannot write ${path} (${code}); choose another folder with --out`;
  return `campaign:poster: ${message ?? String(error)}`;
}
