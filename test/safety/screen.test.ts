import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/nlu/normalise-text.js';
import { compilePattern, PatternError } from '../../src/safety/compile-pattern.js';
import { createSafetyScreen, loadSafetyLexicon, SafetyLexiconError } from '../../src/safety/index.js';

const screen = createSafetyScreen(loadSafetyLexicon());
const LEXICON_DIR = fileURLToPath(new URL('../../src/safety/lexicon/', import.meta.url));

describe('normaliseText', () => {
  it('lowercases, straightens curly apostrophes and spells out contractions', () => {
    expect(normaliseText('I DON’T want to, I can’t, I cannot, I won’t')).toBe('i do not want to i can not i can not i will not');
    expect(normaliseText('dont wont cant')).toBe('do not will not can not');
  });
  it('cuts stretched letters to two and keeps emoji as words', () => {
    expect(normaliseText('sooo pleeease helllp')).toBe('soo pleease hellp');
    expect(normaliseText('taking 💊💊')).toBe('taking 💊 💊');
  });
  it('drops accents so Polish typed without them still matches', () => {
    expect(normaliseText('Chcę umrzeć, mąż mnie bije')).toBe('chce umrzec maz mnie bije');
  });
  it('marks sentence breaks only when asked', () => {
    expect(normaliseText('not ok. i want to die', { clauses: true })).toBe('not ok | i want to die');
    expect(normaliseText('not ok. i want to die')).toBe('not ok i want to die');
  });
});

describe('safety screen', () => {
  it('catches clear statements, misspelt, stretched and shorthand', () => {
    for (const text of ['i want to kill myself', 'been having sucidal thoughts', 'kms', 'i want to diiiie', 'I’ve taken all my tablets', 'took an OD last night']) {
      expect(screen(text), text).toEqual({ category: 'suicide_self_harm', level: 'clear' });
    }
  });

  it('turns negated or hedged risk into a check, never into nothing', () => {
    expect(screen("I'm not going to kill myself... probably")).toEqual({ category: 'suicide_self_harm', level: 'check' });
    expect(screen("I wouldn't hurt myself but")).toEqual({ category: 'suicide_self_harm', level: 'check' });
    expect(screen('i dont see the point any more')).toEqual({ category: 'suicide_self_harm', level: 'check' });
  });

  it('does not let a negation reach across other words or sentences', () => {
    expect(screen('I am not ok. I want to die')?.level).toBe('clear');
    expect(screen('im not ok i want to die')?.level).toBe('clear');
  });

  it('matches whole words only', () => {
    expect(screen("i'm trying to skill myself up")).toBeNull();
    expect(screen('my grandson is training to be a therapist')).toBeNull();
  });

  it('ignores everyday idioms but not a risk said next to one', () => {
    for (const text of ['just killing time', 'my feet are killing me', 'I could murder a cuppa', "I'm dying to see that film", 'i cut myself shaving', 'my husband died in March']) {
      expect(screen(text), text).toBeNull();
    }
    expect(screen("just killing time until i kill myself")?.level).toBe('clear');
  });

  it('finds a crisis buried in a long message', () => {
    const filler = 'we went to the shops and had a cup of tea, then watched the telly for a bit. ';
    const text = `${filler.repeat(12)}honestly i just want to end it all. ${filler.repeat(12)}`.slice(0, 2000);
    expect(text.length).toBeGreaterThan(1500);
    expect(screen(text)).toEqual({ category: 'suicide_self_harm', level: 'clear' });
  });

  it('picks the most urgent category and prefers a clear hit to a check', () => {
    expect(screen('i want to die and i have fallen and cant get up')).toEqual({ category: 'emergency', level: 'clear' });
    expect(screen('he hits me and i want to die')).toEqual({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen("i'm not going to kill myself but he hits me")).toEqual({ category: 'abuse', level: 'clear' });
  });

  it('covers each category', () => {
    expect(screen('my son takes my pension and won’t let me out')?.category).toBe('abuse');
    expect(screen("I've fallen and can't get up")?.category).toBe('emergency');
    expect(screen("I'm going to hurt him")?.category).toBe('harm_to_others');
    expect(screen('I could kill my neighbour')).toEqual({ category: 'harm_to_others', level: 'check' });
  });

  it('never throws on odd input', () => {
    const odd = ['', '   ', '🙂🙂🙂', '谢谢你', 'شكرا جزيلا', 'Привет, как дела?', '\u0000\uffff', 'ñ'.repeat(2000), '💊'.repeat(1000), 'a b '.repeat(500), '((([[[|||...***'];
    for (const text of odd) expect(() => screen(text)).not.toThrow();
    expect(screen('谢谢你')).toBeNull();
  });

  it('handles many long messages without trouble (a sanity check, not a timing test)', () => {
    const long = 'I feel a bit lonely since the move and the weather has been awful, nothing much on telly. '.repeat(22).slice(0, 2000);
    let hits = 0;
    for (let i = 0; i < 200; i++) if (screen(long)) hits++;
    expect(hits).toBe(0);
  });
});

describe('lexicon patterns and loading', () => {
  it('compiles wildcards to whole-word regexes', () => {
    const re = new RegExp(compilePattern('kill* (myself|my self) [now]').source);
    expect(re.test(' i am killing myself ')).toBe(true);
    expect(re.test(' i skill myself ')).toBe(false);
    expect(new RegExp(compilePattern('took # tablets').source).test(' took 30 tablets ')).toBe(true);
    expect(new RegExp(compilePattern('took # tablets').source).test(' took 2 tablets ')).toBe(false);
    expect(new RegExp(compilePattern('taken ... tablets').source).test(' taken all of my tablets ')).toBe(true);
  });

  it('rejects broken patterns', () => {
    expect(() => compilePattern('(unclosed')).toThrow(PatternError);
    expect(() => compilePattern('[optional only]')).toThrow(PatternError);
  });

  it('names the file, line and entry of a bad pattern', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    cpSync(LEXICON_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'abuse.yaml'), 'clear:\n  - he hits me\n  - (he|she hits me\n');
    try {
      loadSafetyLexicon(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SafetyLexiconError);
      expect((error as Error).message).toMatch(/abuse\.yaml:3: error: clear\[1\] "\(he\|she hits me": missing '\)'/);
    }
  });

  it('rejects unknown fields with their file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    cpSync(LEXICON_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'emergency.yaml'), 'clear: [chest pains]\nclaer: [oops]\n');
    expect(() => loadSafetyLexicon(dir)).toThrow(/emergency\.yaml:2: .*unknown field 'claer'/);
  });
});
