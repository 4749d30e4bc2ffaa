import { describe, expect, it } from 'vitest';
import type { ContentCatalog } from '../../src/content/load-content.js';
import { createContentReplyCodec, plainReplyCodec } from '../../src/conversation/reply-codec.js';

function catalog(texts: Record<string, string>, settings: Record<string, string> = {}): ContentCatalog {
  const messages = new Map(Object.entries(texts).map(([key, text]) => [key, { text } as never]));
  return { defaultLocale: 'en', locales: new Map([['en', { locale: 'en', messages }]]), settings } as unknown as ContentCatalog;
}

describe('reply codec', () => {
  const content = catalog({
    'q.lonely': 'How often do you feel left out?',
    'opt.often': 'Often',
    'opt.some': 'Some of the time',
    'tips.intro': 'Here are some ideas that might help:',
    'tips.walk': 'Join a walking group.',
    'welcome': 'Hi, this is {service_name}.',
    'activity': 'Meet at {place} on {day}',
  }, { service_name: 'Signpost' });
  const codec = createContentReplyCodec(content);

  it('gives back exactly the replies it was given, content texts and a resident\'s own details alike', () => {
    const replies = [
      { text: 'Hi, this is Signpost.\n\nHow often do you feel left out?', options: ['Often', 'Some of the time', 'Skip'] },
      { text: 'Here are some ideas that might help:\n\n- Join a walking group.\n\n- Bowls at Wath library, Tuesday 2pm' },
      { text: '~ a literal tilde\n\n- ~0 not a reference' },
    ];
    expect(codec.decode(codec.encode(replies))).toEqual(replies);
  });

  it('keeps content texts as short references', () => {
    const replies = [{ text: 'How often do you feel left out?', options: ['Often', 'Some of the time'] }];
    expect(codec.encode(replies).length).toBeLessThan(plainReplyCodec.encode(replies).length / 2);
  });

  it('refuses a stored reply written against other words, rather than decoding it wrongly', () => {
    const stored = codec.encode([{ text: 'How often do you feel left out?' }]);
    const edited = createContentReplyCodec(catalog({ 'q.lonely': 'How often do you feel isolated?' }));
    expect(edited.decode(stored)).toBeNull();
    expect(codec.decode('not json at all')).toBeNull();
  });
});
