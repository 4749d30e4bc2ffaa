import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSafetyScreen, loadSafetyLexicon } from '../../src/safety/index.js';
import { decidingFingerprint, decisionLine, PINNED_FILE, pinnedMessages } from './pinned-decisions.js';

const [header, ...pinned] = readFileSync(PINNED_FILE, 'utf8').trimEnd().split('\n');

describe('the screen decides as pinned', () => {
  it('for the rules, model and corpus the decisions were pinned with', () => {
    expect(header, 'rules, concepts, model or corpus changed since the decisions were pinned: check npm run eval:safety, then npm run safety:pin-decisions').toContain(
      `fingerprint ${decidingFingerprint()}`,
    );
  });

  it('on every corpus line and 3,000 mixed messages: same decision, language, rule hit, classifier reading and risk', () => {
    const screen = createSafetyScreen(loadSafetyLexicon());
    const now = pinnedMessages().map((text) => decisionLine(screen, text));
    expect(now.length).toBe(pinned.length);
    const differing = now.flatMap((line, i) => (line === pinned[i] ? [] : [`now ${line}\nwas ${pinned[i]}`]));
    expect(differing.slice(0, 20).join('\n')).toBe('');
  });

  it('the screen itself, which skips what a decision does not need, decides as explain() does', () => {
    const screen = createSafetyScreen(loadSafetyLexicon());
    const differing = pinnedMessages().flatMap((text, i) => {
      const hit = screen(text);
      return JSON.stringify(hit) === JSON.stringify(screen.explain(text).hit) ? [] : [`message ${i}: screen ${JSON.stringify(hit)}`];
    });
    expect(differing.slice(0, 20).join('\n')).toBe('');
  });
});
