import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/content/translate.js';
import { testBot } from '../support/test-bot.js';

describe('words by language', () => {
  it('falls back to English for a text not yet translated, and reports it', async () => {
    const { content } = await testBot();
    const missing: string[] = [];
    const pl = createTranslator(content, 'pl', (key, locale) => missing.push(`${locale}:${key}`));
    expect(pl('welcome.offer_yes')).not.toBe(createTranslator(content, 'en')('welcome.offer_yes'));
    const polish = content.locales.get('pl')!.messages;
    const original = polish.get('welcome.offer_yes')!;
    polish.delete('welcome.offer_yes');
    try {
      expect(pl('welcome.offer_yes')).toBe("Yes, let's do it");
      expect(missing).toEqual(['pl:welcome.offer_yes']);
    } finally {
      polish.set('welcome.offer_yes', original);
    }
  });

  it('fills {placeholders} from the answer and from settings', async () => {
    const { content } = await testBot();
    const en = createTranslator(content, 'en');
    expect(en('menu.about_text')).toContain('your local council');
    expect(en('helplines.samaritans', { contact: '116 123' })).toContain('call 116 123');
  });
});
