import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, served at /metrics behind ADMIN_TOKEN. Labels never carry ids or numbers. */
export function createMetrics() {
  const registry = new Registry();
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
    deliveryFailures: new Counter({ name: 'signpost_delivery_failures_total', help: 'Failed or undelivered messages by Twilio error code', labelNames: ['channel', 'code'] as const, registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
