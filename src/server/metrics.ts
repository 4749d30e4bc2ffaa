import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, served at /metrics behind ADMIN_TOKEN. Labels never carry ids or numbers. */
export function createMetrics(options: { campaignIds?: readonly string[] } = {}) {
  const registry = new Registry();
  const campaigns = campaignCounter(registry, options.campaignIds ?? []);
  collectDefaultMetrics({ register: registry, prefix: 'signpost_' });
  return {
    registry,
    turnSeconds: new Histogram({
      name: 'signpost_turn_duration_seconds',
      help: 'Time to handle one inbound message, lock to commit',
      labelNames: ['channel', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    messagesIn: new Counter({ name: 'signpost_messages_in_total', help: 'Inbound messages', labelNames: ['channel'] as const, registers: [registry] }),
    messagesOut: new Counter({ name: 'signpost_messages_out_total', help: 'Outbound messages', labelNames: ['channel'] as const, registers: [registry] }),
    smsSegments: new Counter({ name: 'signpost_sms_segments_total', help: 'SMS segments sent (billing units)', registers: [registry] }),
    errors: new Counter({ name: 'signpost_errors_total', help: 'Errors by kind', labelNames: ['kind'] as const, registers: [registry] }),
    events: new Counter({ name: 'signpost_conversation_events_total', help: 'Anonymous conversation events', labelNames: ['event'] as const, registers: [registry] }),
    liveVersion: new Gauge({ name: 'signpost_live_version_info', help: 'The version of flows and content being served (value 1)', labelNames: ['flows', 'content'] as const, registers: [registry] }),
    reloads: new Counter({ name: 'signpost_reloads_total', help: 'Publishes of flows and content: published, unchanged or refused', labelNames: ['outcome'] as const, registers: [registry] }),
    flooded: new Counter({ name: 'signpost_flooded_messages_total', help: 'Messages past a sender\'s flood budget, by what was sent back', labelNames: ['answer'] as const, registers: [registry] }),
    segmentsToday: new Gauge({ name: 'signpost_outbound_segments_today', help: 'Outbound SMS segments and WhatsApp messages today, all instances', registers: [registry] }),
    segmentBudgetUsed: new Gauge({ name: 'signpost_outbound_segment_budget_used_ratio', help: 'Share of DAILY_SEGMENT_BUDGET used today (warned at 0.8)', registers: [registry] }),
    ...campaigns,
    spooled: new Counter({ name: 'signpost_spooled_messages_total', help: 'Messages kept in the local spool to be handled later, by why', labelNames: ['reason'] as const, registers: [registry] }),
    replayed: new Counter({ name: 'signpost_replayed_messages_total', help: 'Spooled messages handled once the store was back, by result', labelNames: ['result'] as const, registers: [registry] }),
    analyticsEvents: new Counter({
      name: 'signpost_analytics_events_total',
      help: 'Anonymous analytics events: written to the records database, dropped (buffer full while it was away, or at shutdown), or refused (not a known category)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    deliveryFailures: new Counter({ name: 'signpost_delivery_failures_total', help: 'Failed or undelivered messages by Twilio error code', labelNames: ['channel', 'code'] as const, registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Conversations each campaign started. The label takes only the configured campaign ids (anything else counts as
 * 'other'), so an unexpected value can never grow the number of series; each id starts at 0 so it shows at once.
 */
function campaignCounter(registry: Registry, ids: readonly string[]) {
  const known = new Set(ids);
  const counter = new Counter({
    name: 'signpost_campaign_conversations_total',
    help: 'Conversations started by a campaign keyword, QR code or WhatsApp ad, by campaign, how, and whether it was running',
    labelNames: ['campaign', 'via', 'status'] as const,
    registers: [registry],
  });
  for (const campaign of known) counter.inc({ campaign, via: 'keyword', status: 'active' }, 0);
  return {
    campaignConversations: counter,
    countCampaign(props: Record<string, string | number> | undefined): void {
      const campaign = String(props?.campaign ?? '');
      const via = props?.via === 'referral' ? 'referral' : 'keyword';
      const status = props?.campaign_status === 'expired' || props?.campaign_status === 'upcoming' ? props.campaign_status : 'active';
      counter.inc({ campaign: known.has(campaign) ? campaign : 'other', via, status });
    },
  };
}
