import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import type { ContentCatalog } from '../content/load-content.js';
import { createCampaignBook, type CampaignBook } from './campaign-book.js';
import { campaignsFileSchema } from './campaign-schema.js';
import { checkCampaigns } from './check-campaigns.js';

const CAMPAIGNS_FILE = join('content', 'campaigns.yaml');

export interface LoadCampaignsOptions {
  root: string;
  catalog: ContentCatalog;
  flowNames: ReadonlySet<string>;
}

/**
 * Read content/campaigns.yaml and check it against the flows and the words: every problem with its file and
 * line (an error stops the bot from starting, like any other content error).
 */
export function loadCampaigns(options: LoadCampaignsOptions): { book: CampaignBook; issues: AuthorIssue[] } {
  const path = join(options.root, CAMPAIGNS_FILE);
  if (!existsSync(path)) return { book: createCampaignBook([]), issues: [] };
  const read = YamlFile.read(path, options.root);
  if ('issue' in read) return { book: createCampaignBook([]), issues: [read.issue] };
  const parsed = read.file.parse(campaignsFileSchema, (p) => describePath(read.file, p));
  if ('issues' in parsed) return { book: createCampaignBook([]), issues: parsed.issues };
  const issues = checkCampaigns(parsed.value.campaigns, read.file, { catalog: options.catalog, flowNames: options.flowNames });
  return { book: createCampaignBook(parsed.value.campaigns), issues };
}

function describePath(file: YamlFile, path: PropertyKey[]): string {
  const [, index, ...rest] = path;
  const campaigns = (file.data as { campaigns?: Array<{ id?: unknown }> } | null)?.campaigns;
  const id = typeof index === 'number' ? campaigns?.[index]?.id : undefined;
  const where = id ? `campaign '${String(id)}'` : typeof index === 'number' ? `campaign ${index + 1}` : 'file';
  return rest.length ? `${where} > ${rest.join(' > ')}` : where;
}
