import { describe, expect, it } from 'vitest';
import type { AnalyticsEvent } from '../../src/conversation/analytics-event.js';
import type { Session } from '../../src/conversation/session.js';
import { testBot } from '../support/test-bot.js';

const IN_CAMPAIGN_WEEK = Date.parse('2026-06-10T09:00:00Z');

/** One resident's turns straight through the engine, keeping every anonymous event. */
async function converse(texts: string[], now = IN_CAMPAIGN_WEEK) {
  const bot = await testBot();
  let session: Session | null = null;
  const events: AnalyticsEvent[][] = [];
  for (const [i, text] of texts.entries()) {
    const result = await bot.engine.runTurn({ session, message: { text }, now: now + i * 60_000 });
    session = result.session;
    events.push(result.events);
  }
  return { session, events };
}

describe('campaign attribution', () => {
  it('carries the campaign in every anonymous event of the conversation, from the keyword on', async () => {
    const { events } = await converse(['LAW26', '1', '2', '3', 'menu', 'help']);
    expect(events[0]).toContainEqual({ name: 'campaign_started', props: { campaign: 'law26', via: 'keyword', campaign_status: 'active', language: 'en' } });
    const all = events.flat();
    expect(all.length).toBeGreaterThan(8);
    for (const event of all) expect(event.props, event.name).toMatchObject({ campaign: 'law26', campaign_status: 'active' });
  });

  it('tags an expired campaign as such in every event', async () => {
    const { events, session } = await converse(['LAW26', '1'], Date.parse('2026-12-01T09:00:00Z'));
    expect(session).toMatchObject({ campaign: 'law26', campaignStatus: 'expired', at: 'checkin.companionship' });
    for (const event of events.flat()) expect(event.props).toMatchObject({ campaign: 'law26', campaign_status: 'expired' });
  });

  it('a campaign_start event (no words, e.g. from a link) starts the campaign like its keyword', async () => {
    const bot = await testBot();
    const result = await bot.engine.runTurn({ session: null, event: { kind: 'campaign_start', campaign: 'gp_poster', via: 'referral' }, now: IN_CAMPAIGN_WEEK });
    expect(result.handledBy).toBe('enter-campaign');
    expect(result.session).toMatchObject({ campaign: 'gp_poster', at: 'checkin.companionship' });
    expect(result.replies[0]?.text).toContain('Thanks for messaging from the surgery poster');
  });

  it('another ad reaching a tagged conversation is counted as itself, and the conversation keeps its campaign', async () => {
    const bot = await testBot();
    const first = await bot.engine.runTurn({ session: null, message: { text: 'LAW26' }, now: IN_CAMPAIGN_WEEK });
    const ad = await bot.engine.runTurn({ session: first.session, message: { text: 'Hello', referral: { sourceId: '555' } }, now: IN_CAMPAIGN_WEEK + 60_000 });
    expect(ad.events).toContainEqual({ name: 'campaign_started', props: { campaign: 'other', via: 'referral', language: 'en' } });
    expect(ad.session).toMatchObject({ campaign: 'law26' });
  });

  it('leaves events of conversations no campaign started untagged', async () => {
    const { events } = await converse(['hi', '1']);
    for (const event of events.flat()) expect(event.props?.campaign).toBeUndefined();
  });
});

describe('a keyword alone never erases a conversation without asking', () => {
  const keywords = ['LAW26', 'law 26', 'LAW26 🎉', 'Hi! I saw the Loneliness Awareness Week poster (LAW26)', 'gp26', 'GP26GP26', 'LIB24', 'biblioteka24', 'TYDZIEŃ 26'];
  for (const keyword of keywords) {
    it(`"${keyword}" mid-check-in keeps every answer and the step`, async () => {
      const { session } = await converse(['hi', '1', '3', 'often', keyword]);
      expect(session).toMatchObject({ at: 'checkin.isolated', vars: { companionship: 3, left_out: 3 }, pending: 'campaign' });
      expect(session?.campaign).toBeUndefined();
    });
  }

  it('an unclear answer to the question keeps the conversation too, and is read as an answer to the step', async () => {
    const { session } = await converse(['hi', '1', '3', 'LIB24', 'often']);
    expect(session).toMatchObject({ at: 'checkin.isolated', vars: { companionship: 3, left_out: 3 } });
    expect(session?.pending).toBeUndefined();
  });
});
