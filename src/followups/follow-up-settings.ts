import { z } from 'zod';
import { DEFAULT_SENDING_HOURS, sendingHoursSchema, type SendingHours } from './sending-hours.js';

export interface FollowUpSettings {
  hours: SendingHours;
  messagesPerSecond: number;
  /** ContentSid per follow-up kind, for WhatsApp. */
  templates: Record<string, string>;
}

const TEMPLATE_PREFIX = 'whatsapp_template_';
const contentSid = z.string().regex(/^HX[0-9a-f]{32}$/i, 'a Content SID looks like HX followed by 32 hex characters');

/** Follow-up settings from content/settings.yaml (comms-editable), with a clear message for each wrong value. */
export function readFollowUpSettings(settings: Record<string, string | number>): { settings: FollowUpSettings; problems: string[] } {
  const problems: string[] = [];
  const hours = sendingHoursSchema.safeParse({
    from: settings.follow_up_hours_from ?? DEFAULT_SENDING_HOURS.from,
    until: settings.follow_up_hours_until ?? DEFAULT_SENDING_HOURS.until,
  });
  if (!hours.success) problems.push(`follow_up_hours_from/until: ${hours.error.issues.map((i) => i.message).join('; ')}`);
  const rate = Number(settings.follow_up_messages_per_second ?? 1);
  if (!(rate > 0 && rate <= 100)) problems.push('follow_up_messages_per_second: a number above 0 and at most 100');
  const templates: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (!name.startsWith(TEMPLATE_PREFIX) || value === '') continue;
    const parsed = contentSid.safeParse(String(value));
    if (parsed.success) templates[name.slice(TEMPLATE_PREFIX.length)] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]!.message}`);
  }
  return {
    settings: { hours: hours.success ? hours.data : DEFAULT_SENDING_HOURS, messagesPerSecond: rate > 0 && rate <= 100 ? rate : 1, templates },
    problems,
  };
}
