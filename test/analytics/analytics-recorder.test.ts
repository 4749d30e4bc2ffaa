import { describe, expect, it } from 'vitest';
import { createAnalyticsRecorder } from '../../src/analytics/analytics-recorder.js';
import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';
import type { AnalyticsEvent } from '../../src/conversation/analytics-event.js';
import { jobIdOf } from '../../src/followups/scheduler.js';

const AT = Date.parse('2027-01-05T10:00:00Z');

function recorder() {
  const kept: AnalyticsRecord[] = [];
  const refused: number[] = [];
  const r = createAnalyticsRecorder({
    key: Buffer.alloc(32, 1),
    buffer: { add: (records) => kept.push(...records) },
    followUps: ['recheck', 'did_you_go'],
    clock: () => AT,
    onRefused: (n) => refused.push(n),
  });
  const brief = () => kept.map((k) => [k.event, k.detail, k.amount]);
  return { r, kept, refused, brief };
}

describe('turning engine events into analytics rows', () => {
  it('keeps each journey stage once a turn, with the conversation language and campaign', () => {
    const { r, kept, brief } = recorder();
    r.recordTurn(
      [
        { name: 'conversation_started', props: { language: 'pl', campaign: 'gp_poster' } },
        { name: 'step_entered', props: { step: 'checkin.intro', language: 'pl', campaign: 'gp_poster' } },
        { name: 'step_entered', props: { step: 'checkin.companionship', language: 'pl', campaign: 'gp_poster' } },
        { name: 'step_entered', props: { step: 'menu.choose', language: 'pl' } },
      ],
      'conversation-1',
      'whatsapp',
    );
    expect(brief()).toEqual([
      ['conversation_started', '', null],
      ['stage_reached', 'checkin', null],
    ]);
    expect(kept[0]).toMatchObject({ channel: 'whatsapp', language: 'pl', campaign: 'gp_poster', at: new Date(AT) });
  });

  it('keeps bands, life events, age bands, searches by district and the change in score', () => {
    const { r, brief } = recorder();
    r.recordTurn(
      [
        { name: 'answer_saved', props: { name: 'band', value: 'high' } },
        { name: 'answer_saved', props: { name: 'event', value: 'bereavement' } },
        { name: 'answer_saved', props: { name: 'age', value: '65_plus' } },
        { name: 'answer_saved', props: { name: 'score', value: 8 } },
        { name: 'activity_search', props: { district: 'DN15', found: 0 } },
        { name: 'answer_saved', props: { name: 'score_change', value: -2 } },
        { name: 'follow_up_agreed', props: { follow_up: 'recheck', after_days: 28 } },
      ],
      'conversation-1',
      'sms',
    );
    expect(brief()).toEqual([
      ['checkin_band', 'high', null],
      ['life_event', 'bereavement', null],
      ['age_band', '65_plus', null],
      ['activity_search', 'DN15', 0],
      ['follow_up_outcome', 'recheck', -2],
      ['follow_up_agreed', 'recheck', null],
    ]);
  });

  it('refuses and counts anything that is not a known category, a district or a count', () => {
    const { r, kept, refused } = recorder();
    r.recordTurn(
      [
        { name: 'answer_saved', props: { name: 'event', value: 'my husband died in March' } },
        { name: 'activity_search', props: { district: 'S65 1DA', found: 2 } },
        { name: 'answer_saved', props: { name: 'age', value: '47' } },
        { name: 'conversation_started', props: { language: 'en', campaign: 'Call 07700 900123' } },
      ],
      'conversation-1',
      'sms',
    );
    expect(kept).toEqual([]);
    expect(refused).toEqual([4]);
  });

  it("counts a due follow-up when its message went, even if its delivery record could not be kept, and never when it did not go", () => {
    const { r, brief } = recorder();
    const events: AnalyticsEvent[] = [{ name: 'follow_up_sent', props: { follow_up: 'recheck' } }];
    r.recordFollowUpOutcome('failed', 'conversation-1', { events, channel: 'sms' });
    r.recordFollowUpOutcome('skipped_no_template', 'conversation-2', { events, channel: 'whatsapp' });
    expect(brief()).toEqual([]);
    r.recordFollowUpOutcome('sent', 'conversation-1', { events, channel: 'sms' });
    r.recordFollowUpOutcome('sent_untracked', 'conversation-2', { events, channel: 'sms' });
    expect(brief()).toEqual([
      ['follow_up_sent', 'recheck', null],
      ['follow_up_sent', 'recheck', null],
    ]);
  });

  it('counts a follow-up as sent only from the worker (its question is not an answer), and as answered when the resident replies into its flow', () => {
    const { r, brief } = recorder();
    const due: AnalyticsEvent[] = [
      { name: 'follow_up_sent', props: { follow_up: 'recheck' } },
      { name: 'step_entered', props: { step: 'recheck.ask' } },
    ];
    r.recordTurn([due[0]!], 'conversation-1', 'sms');
    expect(brief()).toEqual([]);
    r.recordFollowUpSent(due, 'conversation-1', 'sms');
    r.recordTurn([{ name: 'step_entered', props: { step: 'recheck.companionship' } }], 'conversation-1', 'sms');
    r.recordDelivered(jobIdOf('conversation-1', 'recheck'));
    r.recordDelivered('not-a-follow-up');
    expect(brief()).toEqual([
      ['follow_up_sent', 'recheck', null],
      ['follow_up_answered', 'recheck', null],
      ['follow_up_delivered', 'recheck', null],
    ]);
  });

  it('gives one conversation the same pseudonym all month, never its id', () => {
    const { r, kept } = recorder();
    r.recordTurn([{ name: 'conversation_started' }], 'conversation-1', 'sms');
    r.recordDelivered(jobIdOf('conversation-1', 'recheck'));
    r.recordTurn([{ name: 'conversation_started' }], 'conversation-2', 'sms');
    expect(kept[0]!.pseudonym).toBe(kept[1]!.pseudonym);
    expect(kept[0]!.pseudonym).not.toBe(kept[2]!.pseudonym);
    expect(kept[0]!.pseudonym).not.toContain('conversation');
  });
});
