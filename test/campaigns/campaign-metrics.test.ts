import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics.js';

describe('signpost_campaign_conversations_total', () => {
  it('counts by configured campaign, how it came and whether it was running; anything else is "other"', async () => {
    const metrics = createMetrics({ campaignIds: ['law26', 'library'] });
    metrics.countCampaign({ campaign: 'law26', via: 'keyword', campaign_status: 'expired' });
    metrics.countCampaign({ campaign: 'law26', via: 'referral', campaign_status: 'active' });
    metrics.countCampaign({ campaign: 'x".replace(/a/)', via: 'sideways', campaign_status: 'whenever' });
    const text = await metrics.registry.metrics();
    const series = text.split('\n').filter((l) => l.startsWith('signpost_campaign_conversations_total{'));
    expect(series.sort()).toEqual([
      'signpost_campaign_conversations_total{campaign="law26",via="keyword",status="active"} 0',
      'signpost_campaign_conversations_total{campaign="law26",via="keyword",status="expired"} 1',
      'signpost_campaign_conversations_total{campaign="law26",via="referral",status="active"} 1',
      'signpost_campaign_conversations_total{campaign="library",via="keyword",status="active"} 0',
      'signpost_campaign_conversations_total{campaign="other",via="keyword",status="active"} 1',
    ]);
  });
});
