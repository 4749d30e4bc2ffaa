import { describe, expect, it } from 'vitest';
import { renderForSms } from '../../src/channels/render-sms.js';
import { renderForWhatsApp } from '../../src/channels/render-whatsapp.js';
import { renderReplies } from '../../src/channels/render-replies.js';
import type { Reply } from '../../src/conversation/reply.js';

const question: Reply = { text: 'How often do you feel *left out*?', options: ['Hardly ever', 'Some of the time', 'Often'] };

describe('renderForSms', () => {
  it('numbers options under the text and drops bold markers', () => {
    expect(renderForSms([question])).toEqual([
      { body: 'How often do you feel left out?\n\n1. Hardly ever\n2. Some of the time\n3. Often', segments: 1, encoding: 'GSM-7' },
    ]);
  });

  it('sends short replies together when that saves a segment, in order', () => {
    const bodies = renderForSms([{ text: 'Thanks.' }, { text: 'Next question?', options: ['Yes', 'No'] }]).map((m) => m.body);
    expect(bodies).toEqual(['Thanks.\n\nNext question?\n\n1. Yes\n2. No']);
  });

  it('keeps replies apart when joining them would cost more segments', () => {
    const long = 'a'.repeat(150);
    const messages = renderForSms([{ text: long }, { text: long }]);
    expect(messages.map((m) => m.segments)).toEqual([1, 1]);
  });

  it("writes a language's accented letters plainly by SMS when its replies allow it, keeping GSM-7", () => {
    const reply = { text: 'Dzień dobry, żółć i łódź. Zażółć gęślą jaźń.', smsPlainLetters: true as const };
    const [plain] = renderForSms([reply]);
    expect(plain).toMatchObject({ body: 'Dzien dobry, zolc i lodz. Zazolc gesla jazn.', encoding: 'GSM-7', segments: 1 });
    expect(renderForSms([{ text: reply.text }])[0]).toMatchObject({ encoding: 'UCS-2' });
    expect(renderReplies('whatsapp', [reply])[0]?.body).toContain('Zażółć gęślą jaźń');
  });

  it('normalises curly quotes so the message stays GSM-7', () => {
    const [message] = renderForSms([{ text: 'We’ll text you “soon” – promise…' }]);
    expect(message).toEqual({ body: 'We\'ll text you "soon" - promise...', segments: 1, encoding: 'GSM-7' });
  });

  it('sends emoji as UCS-2', () => {
    expect(renderForSms([{ text: 'Lovely, see you there 😊' }])[0]).toMatchObject({ encoding: 'UCS-2', segments: 1 });
  });

  it('leaves a lone asterisk alone', () => {
    expect(renderForSms([{ text: 'Press * then 1' }])[0]?.body).toBe('Press * then 1');
  });

  it('splits a long reply at sentence ends into messages of at most 3 segments', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Group ${i + 1} meets on Tuesdays at the library.`).join(' ');
    const messages = renderForSms([{ text, options: ['More', 'Menu'] }]);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.body.length).toBeLessThanOrEqual(459);
      expect(m.segments).toBeLessThanOrEqual(3);
    }
    expect(messages[0]?.body.startsWith('Group 1 meets')).toBe(true);
    expect(messages.at(-1)?.body.endsWith('1. More\n2. Menu')).toBe(true);
  });

  it('honours maxMessageChars, counting UCS-2 text in code units', () => {
    const polish = 'Dzień dobry. Jak się masz? Mamy grupy spacerowe. Zadzwoń do nas.';
    const messages = renderForSms([{ text: polish }], { maxMessageChars: 30 });
    expect(messages.map((m) => m.body)).toEqual(['Dzień dobry. Jak się masz?', 'Mamy grupy spacerowe.', 'Zadzwoń do nas.']);
    expect(messages.map((m) => m.encoding)).toEqual(['UCS-2', 'GSM-7', 'UCS-2']);
  });
});

describe('renderForWhatsApp', () => {
  it('keeps bold and emoji and numbers options the same way as SMS', () => {
    expect(renderForWhatsApp([{ ...question, text: `${question.text} 🙂` }])).toEqual([
      { body: 'How often do you feel *left out*? 🙂\n\n1. Hardly ever\n2. Some of the time\n3. Often', segments: 1, encoding: 'UTF-8' },
    ]);
  });

  it('only splits beyond the per-message limit', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Line ${i + 1} of a long list of activities.`).join(' ');
    expect(renderForWhatsApp([{ text }])).toHaveLength(2);
    expect(renderForWhatsApp([{ text }], { maxMessageChars: 4096 })).toHaveLength(1);
  });
});

describe('right-to-left replies (Urdu)', () => {
  const urdu = { text: 'آپ کیا کرنا چاہیں گے؟', options: ['ایک مختصر جائزہ', 'Samaritans: 116 123'] };

  it('start every line with a right-to-left mark, so numbered and Latin lines read right to left too', () => {
    for (const channel of ['sms', 'whatsapp'] as const) {
      const [message] = renderReplies(channel, [urdu]);
      const lines = message!.body.split('\n').filter(Boolean);
      expect(lines.every((line) => line.startsWith('\u200f')), channel).toBe(true);
      expect(message!.body).toContain('2. Samaritans: 116 123');
    }
    expect(renderReplies('whatsapp', [{ text: 'Samaritans: 116 123' }])[0]?.body.startsWith('\u200f')).toBe(false);
  });

  it('are billed by SMS as UCS-2: 70 characters in one segment, 67 in each of several', () => {
    const [one] = renderForSms([{ text: 'ا'.repeat(69) }]);
    expect(one).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    const [two] = renderForSms([{ text: 'ا'.repeat(100) }]);
    expect(two).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const [three] = renderForSms([{ text: 'ا'.repeat(140) }]);
    expect(three).toMatchObject({ encoding: 'UCS-2', segments: 3 });
  });
});

describe('renderReplies', () => {
  it('dispatches on the channel', () => {
    expect(renderReplies('sms', [question])[0]?.body).not.toContain('*');
    expect(renderReplies('whatsapp', [question])[0]?.body).toContain('*left out*');
  });
});
