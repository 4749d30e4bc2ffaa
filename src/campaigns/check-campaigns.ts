import { didYouMean, type AuthorIssue } from '../authoring/author-issue.js';
import type { YamlFile } from '../authoring/yaml-file.js';
import type { ContentCatalog } from '../content/load-content.js';
import { COMMANDS } from '../conversation/commands.js';
import { createCampaignBook } from './campaign-book.js';
import { printableLinkProblem } from './campaign-links.js';
import { CAMPAIGN_WORDS, SHARED_CAMPAIGN_WORDS, type Campaign } from './campaign-schema.js';
import { compactKeyword } from './compact-keyword.js';

/**
 * Rules beyond the schema: flows exist, dates run forwards, keywords are distinctive and clash with no command,
 * language name or other campaign in any language, each language has its words, and each prefilled text leads
 * back to its campaign and fits a QR code at poster size.
 */
export function checkCampaigns(campaigns: Campaign[], file: YamlFile, options: { catalog: ContentCatalog; flowNames: ReadonlySet<string> }): AuthorIssue[] {
  const { catalog, flowNames } = options;
  const issues: AuthorIssue[] = [];
  const at = (path: PropertyKey[]) => ({ file: file.path, line: file.lineOf(['campaigns', ...path]) });
  const error = (path: PropertyKey[], message: string, fix?: string) => issues.push({ severity: 'error', ...at(path), message, ...(fix ? { fix } : {}) });

  const commandWords = commandWordsOf(catalog);
  const keywordOwner = new Map<string, { id: string; line: number }>();
  const adOwner = new Map<string, string>();
  const seen = new Set<string>();
  const base = catalog.defaultLocale;

  if (campaigns.length) {
    for (const key of SHARED_CAMPAIGN_WORDS) {
      if (!catalog.locales.get(base)?.messages.has(key)) {
        issues.push({ severity: 'error', file: `content/${base}/campaigns.yaml`, line: 1, message: `campaigns need the words '${key}'`, fix: `add '${key}' to content/${base}/campaigns.yaml` });
      }
    }
  }

  for (const [i, campaign] of campaigns.entries()) {
    const { id } = campaign;
    if (seen.has(id)) error([i, 'id'], `campaign id '${id}' is used twice`, 'give each campaign its own id');
    seen.add(id);
    if (!flowNames.has(campaign.flow)) {
      error([i, 'flow'], `campaign '${id}' starts flow '${campaign.flow}', which does not exist`, didYouMean(campaign.flow, flowNames, `use one of: ${[...flowNames].join(', ')}`));
    }
    if (campaign.ends < campaign.starts) {
      error([i, 'ends'], `campaign '${id}' ends (${campaign.ends}) before it starts (${campaign.starts})`, 'swap the dates or correct the year');
    }
    if (!campaign.channels.includes('sms')) {
      issues.push({ severity: 'warning', ...at([i, 'channels']), message: `campaign '${id}' has no SMS code, so its poster has no line for people without a smartphone`, fix: 'add sms to channels' });
    }
    const locales = Object.keys(campaign.keywords);
    if (!locales.length) error([i, 'keywords'], `campaign '${id}' has no keywords`, 'add at least one, e.g. keywords: { en: [LIB24] }');
    for (const ad of campaign.ads) {
      const owner = adOwner.get(ad);
      if (owner && owner !== id) error([i, 'ads'], `ad '${ad}' is listed for both '${owner}' and '${id}'`, 'list each ad under one campaign');
      adOwner.set(ad, id);
    }

    for (const locale of locales) {
      const messages = catalog.locales.get(locale)?.messages;
      if (!messages) {
        error([i, 'keywords', locale], `campaign '${id}' has keywords for '${locale}', which is not a language in content/`, didYouMean(locale, catalog.locales.keys(), `use one of: ${[...catalog.locales.keys()].join(', ')}`));
        continue;
      }
      const words = campaign.keywords[locale]!;
      if (!words.length) error([i, 'keywords', locale], `campaign '${id}' has an empty list of ${locale} keywords`, 'add a keyword or remove the language');
      for (const [j, word] of words.entries()) {
        const path = [i, 'keywords', locale, j];
        const key = compactKeyword(word);
        if (!key) {
          error(path, `campaign '${id}' has an empty keyword`, 'write letters and digits, e.g. LIB24');
          continue;
        }
        if (key.length < 3 || !/\p{L}/u.test(key)) {
          error(path, `keyword '${word}' is too easy to type by chance (an answer such as "2" could start the campaign)`, 'use at least 3 characters with a letter, e.g. LIB24');
        }
        const command = commandWords.get(key);
        if (command) error(path, `keyword '${word}' is also the ${command}`, 'choose a keyword that is not a command or a language name');
        const owner = keywordOwner.get(key);
        if (owner) error(path, `keyword '${word}' is already a keyword of '${owner.id}' (${file.path}:${owner.line})`, 'each keyword may start only one campaign');
        else keywordOwner.set(key, { id, line: at(path).line });
      }
      const needed = [...CAMPAIGN_WORDS.map((w) => `campaigns.${id}.${w}`), ...campaign.say];
      const missing = needed.filter((k) => !messages.has(k));
      if (missing.length) {
        const list = missing.map((k) => `'${k}'`).join(', ');
        error([i, 'keywords', locale], `campaign '${id}' has ${locale} keywords but no words ${list} in content/${locale}/`, `add ${missing.length > 1 ? 'them' : 'it'} to content/${locale}/campaigns.yaml`);
      }
    }
  }

  // The prefilled text must lead back to its campaign, and fit a QR code at poster size.
  const book = createCampaignBook(campaigns);
  for (const campaign of campaigns) {
    for (const locale of Object.keys(campaign.keywords)) {
      const entry = catalog.locales.get(locale)?.messages.get(`campaigns.${campaign.id}.prefill`);
      if (!entry) continue;
      const found = book.find(entry.text);
      if (found?.campaign !== campaign.id) {
        issues.push({ severity: 'error', file: entry.file, line: entry.line, message: `the prefilled text of '${campaign.id}' does not contain one of its keywords, so a scan would not start it`, fix: `include ${campaign.keywords[locale]?.[0] ?? 'its keyword'} in the text` });
      } else if (found.locale !== locale) {
        issues.push({ severity: 'error', file: entry.file, line: entry.line, message: `the ${locale} prefilled text of '${campaign.id}' contains a keyword of another language (${found.locale}), so the conversation would start in that language`, fix: `use a ${locale} keyword: ${campaign.keywords[locale]?.join(', ')}` });
      }
      const tooLong = printableLinkProblem(entry.text);
      if (tooLong) issues.push({ severity: 'error', file: entry.file, line: entry.line, message: `the prefilled text of '${campaign.id}' is too long: ${tooLong}`, fix: 'shorten it' });
    }
  }
  return issues;
}

/** Every whole-message command and language name, as keywords are compared, with what it is. */
function commandWordsOf(catalog: ContentCatalog): Map<string, string> {
  const words = new Map<string, string>();
  for (const content of catalog.locales.values()) {
    for (const command of [...COMMANDS, 'skip']) {
      for (const w of (content.messages.get(`keywords.${command}`)?.text ?? '').split('|')) {
        const key = compactKeyword(w);
        if (key) words.set(key, `${command.toUpperCase()} command (keywords.${command} in ${content.locale})`);
      }
    }
    for (const name of (content.messages.get('language.names')?.text ?? '').split('|')) {
      const key = compactKeyword(name);
      if (key) words.set(key, `name of a language (language.names in ${content.locale})`);
    }
  }
  return words;
}

