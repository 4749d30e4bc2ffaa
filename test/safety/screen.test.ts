import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/nlu/normalise-text.js';
import { compilePattern, PatternError } from '../../src/safety/compile-pattern.js';
import { createLanguageDetector } from '../../src/safety/language-model.js';
import { createSafetyScreen, loadSafetyLexicon, SafetyLexiconError } from '../../src/safety/index.js';

const screen = createSafetyScreen(loadSafetyLexicon());
const SAFETY_DIR = fileURLToPath(new URL('../../src/safety/', import.meta.url));

describe('normaliseText', () => {
  it('lowercases, straightens curly apostrophes and spells out contractions', () => {
    expect(normaliseText('I DON’T want to, I can’t, I cannot, I won’t')).toBe('i do not want to i can not i can not i will not');
  });
  it('drops accents so Polish typed without them still matches', () => {
    expect(normaliseText('Chcę umrzeć, mąż mnie bije')).toBe('chce umrzec maz mnie bije');
  });
});

describe('safety screen', () => {
  it('catches clear statements, misspelt, stretched and shorthand', () => {
    for (const text of ['i want to kill myself', 'been having sucidal thoughts', 'kms', 'i want to diiiie', 'I’ve taken all my tablets', 'took an OD last night']) {
      expect(screen(text), text).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    }
  });

  it('catches new wordings built from concepts, not listed phrases', () => {
    expect(screen('been putting my sertraline aside for weeks')?.category).toBe('suicide_self_harm');
    expect(screen('my stepdad comes into my room at night and touches me')?.category).toBe('child_at_risk');
    expect(screen('I shook the baby, I was so tired')).toMatchObject({ category: 'harm_to_others', level: 'clear' });
    expect(screen("he says he'll take the kids away if i leave him")?.category).toBe('abuse');
  });

  it('turns negated or hedged risk into a check, never into nothing', () => {
    expect(screen("I'm not going to kill myself... probably")).toMatchObject({ category: 'suicide_self_harm', level: 'check' });
    expect(screen("I wouldn't hurt myself but")).toMatchObject({ category: 'suicide_self_harm', level: 'check' });
    expect(screen('i dont see the point any more')?.level).toBeDefined();
  });

  it('asks rather than gives the full reply when a clear risk is framed as a joke, a quote or fiction, and never drops it', () => {
    for (const text of ['i want to die lol', "i'm going to stab him lol jk", 'in the film he says i will poison her', 'chcę umrzeć xD', 'main marna chahta hoon 😂', 'ڈرامے میں وہ کہتی ہے میں خودکشی کر لوں گی']) {
      expect(screen(text), text).toMatchObject({ level: 'check' });
    }
    // The framing counts only in its own sentence: a disclosure beside a joke keeps the full reply.
    expect(screen('lol what a day. i have taken 40 paracetamol')?.level).toBe('clear');
    expect(screen('i want to die')?.level).toBe('clear');
    // A film, a song or a joke frames only its own clause, not a disclosure joined to it by "and i", "a ja", "aur main".
    for (const text of ['in the film he overdoses and i have taken 30 paracetamol', 'w filmie ona skacze z mostu a ja połknęłam 40 tabletek']) {
      expect(screen(text), text).toMatchObject({ level: 'clear' });
    }
  });

  it('never takes deliberate self-harm for a kitchen accident', () => {
    expect(screen('i scald myself with the kettle when it gets bad')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen('i burn my arm on the iron on purpose')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen('i burnt my hand on the oven')).toBeNull();
  });

  it('does not let a negation reach across other words or sentences', () => {
    expect(screen('I am not ok. I want to die')?.level).toBe('clear');
    expect(screen('im not ok i want to die')?.level).toBe('clear');
  });

  it('leaves everyday idioms alone but not a risk said next to one', () => {
    for (const text of ['just killing time', 'my feet are killing me', 'I could murder a cuppa', "I'm dying to see that film", 'i cut myself shaving']) {
      expect(screen(text), text).toBeNull();
    }
    // Whole words only: no rule reads "skill myself" as "kill myself" (the classifier may still ask, never more).
    expect(screen.explain("i'm trying to skill myself up").rule).toBeNull();
    expect(screen("i'm trying to skill myself up")?.level).not.toBe('clear');
    expect(screen('just killing time until i kill myself')?.level).toBe('clear');
  });

  it('does not question everyday short replies on statistics alone, but still catches a short disclosure', () => {
    for (const text of ['pomyślę o tym', 'nie wiem jeszcze', 'nie dziękuję, to wszystko', "I'll think about it", 'nahi abhi nahi']) {
      expect(screen(text), text).toBeNull();
    }
    expect(screen('i want too die')).not.toBeNull();
    expect(screen('thinking of offing myself')?.level).toBe('clear');
  });

  it('gives the harm-to-others help when harm is planned with others or implied, in English and Polish', () => {
    for (const text of [
      'found out who grassed on my brother. me and the lads are going round there tonight',
      'i keep thinking about giving dad all his tablets at once, i am so tired of caring',
      'kupiłem siekierę, ten co mnie okradł jeszcze popamięta',
    ]) {
      expect(screen(text)?.category, text).toBe('harm_to_others');
    }
  });

  it('reads an everyday phrase that runs across sentences as one, and a risk beside it still counts', () => {
    // The past and the recovery are told in two sentences: no rule may read the self-harm as now.
    expect(screen.explain("I self-harmed as a teenager, 20 years ago now. I'm in a good place").rule).toBeNull();
    expect(screen.explain("I used to self-harm as a teenager. I'm in a good place now").rule).toBeNull();
    expect(screen("I used to self-harm as a teenager. I'm in a good place now, but I started again last night")).not.toBeNull();
  });

  it('reads each language only with its own words: a Polish "od" is not an overdose', () => {
    for (const text of ['od dawna', 'Od poniedziałku zaczynam kurs angielskiego', 'od kiedy jestem na emeryturze, nudzi mi się', 'Mieszkam tu od 2010 roku']) {
      expect(screen(text), text).toBeNull();
    }
    expect(screen('chcę umrzeć')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen('mąż mnie bije kiedy pije')?.category).toBe('abuse');
  });

  it('screens Urdu with its own words, in Urdu script and in Roman Urdu', () => {
    const cases: [string, string | null][] = [
      ['میں بہت اداس ہوں اور مرنا چاہتا ہوں', 'suicide_self_harm'],
      ['main bohat udaas hoon aur marna chahta hoon', 'suicide_self_harm'],
      ['میرا شوہر مجھے مارتا ہے', 'abuse'],
      ['mera shohar mujhe maarta hai', 'abuse'],
      ['ابو کے سینے میں درد ہے', 'emergency'],
      ['meri umar 13 saal hai aur wo kehta hai tasveerein sab ko bhej dega', 'child_at_risk'],
      ['میں اسے جان سے مار دوں گا', 'harm_to_others'],
      ['آج موسم اچھا ہے', null],
      ['aaj mausam bohat acha hai, bus stop kahan hai?', null],
      // Typed on an Arabic keyboard (ي, ك, ه) and with hamza letters: read as the Urdu letters the rules use.
      ['ميں مرنا چاهتا ہوں', 'suicide_self_harm'],
    ];
    for (const [text, category] of cases) expect(screen(text)?.category ?? null, text).toBe(category);
  });

  it('reads Roman Urdu as Urdu, never as English', () => {
    const lexicon = loadSafetyLexicon();
    const detect = createLanguageDetector(lexicon.model.languages, ['en', 'pl', 'ur']);
    for (const text of ['main ab jeena nahi chahta', 'mera beta meri pension le leta hai', 'kal bazaar jana hai sabzi lene', 'ghar mein aag lag gayi hai']) {
      expect(detect(text, normaliseText(text)), text).toEqual(['ur']);
    }
    expect(detect('میں ٹھیک ہوں', normaliseText('میں ٹھیک ہوں'))).toEqual(['ur']);
    expect(detect('suicidal again', 'suicidal again')).toContain('en');
  });

  it('picks the most urgent category', () => {
    expect(screen('i want to die and i have fallen and cant get up')?.category).toBe('emergency');
  });
});

describe('bad input is screened like plain text', () => {
  const ordinary = 'We went to the shops and had a cup of tea, then watched the telly for a bit.\n';

  it('a 2,000-character message with the risk in its last line', () => {
    const text = `${ordinary.repeat(30).slice(0, 1960)}\ni want to end it all tonight`;
    expect(text.length).toBeGreaterThanOrEqual(1980);
    expect(screen(text)).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen(ordinary.repeat(30).slice(0, 2000))).toBeNull();
  });

  it('emoji only', () => {
    expect(screen('💊💊💊💊 🔪')?.category).toBe('suicide_self_harm');
    expect(screen('🙂🙂🙂')).toBeNull();
  });

  it('mixed languages, each part with its own words', () => {
    expect(screen("I'm ok mostly. Ale chcę umrzeć")).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    expect(screen('Od rana pada. I want to kill myself')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
  });

  it('repeated letters, digits for letters, spaced and run-together letters, all capitals', () => {
    for (const text of ['i want to diiiiieeee', 'gonna k1ll mys3lf', 'i want to d1e', 'k i l l  m y s e l f', 'iwanttodie', 'I WANT TO KILL MYSELF']) {
      expect(screen(text), text).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    }
  });

  it('zero-width characters and look-alike letters from other scripts', () => {
    expect(screen('i want to k\u200bi\u200cll my\u200dself')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
    // Cyrillic а, е, о, і standing in for Latin letters.
    expect(screen('і wаnt tо kіll mysеlf')).toMatchObject({ category: 'suicide_self_harm', level: 'clear' });
  });

  it('never throws on odd input', () => {
    const odd = ['', '   ', '谢谢你', 'شكرا جزيلا', 'Привет, как дела?', '\u0000\uffff', 'ñ'.repeat(2000), '💊'.repeat(1000), 'a b '.repeat(500), '((([[[|||...***', 'x'.repeat(50_000)];
    for (const text of odd) expect(() => screen(text)).not.toThrow();
    expect(screen('谢谢你')).toBeNull();
    expect(screen('Привет, как дела?')).toBeNull();
  });
});

describe('rule patterns and loading', () => {
  it('compiles wildcards and windows to whole-word regexes', () => {
    const re = new RegExp(compilePattern('kill* (myself|my self) [now]').source);
    expect(re.test(' i am killing myself ')).toBe(true);
    expect(re.test(' i skill myself ')).toBe(false);
    expect(new RegExp(compilePattern('took # tablets').source).test(' took 30 tablets ')).toBe(true);
    expect(new RegExp(compilePattern('took ~12 tablets').source).test(' took a b c d e f g h i j k tablets ')).toBe(true);
  });

  it('rejects broken patterns', () => {
    expect(() => compilePattern('(unclosed')).toThrow(PatternError);
    expect(() => compilePattern('[optional only]')).toThrow(PatternError);
    expect(() => compilePattern('@nowhere')).toThrow(/unknown concept '@nowhere'/);
    expect(() => compilePattern('a ~20 b')).toThrow(/at most 12 words/);
  });

  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'safety-'));
    for (const part of ['concepts', 'rules', 'model']) cpSync(join(SAFETY_DIR, part), join(dir, part), { recursive: true });
    return dir;
  };

  it('names the file, line and entry of a bad rule, with a did-you-mean for a misspelt concept', () => {
    const dir = copy();
    writeFileSync(join(dir, 'rules', 'en', 'abuse.yaml'), 'clear:\n  - match: "@perpetrator hits me"\n    examples: [he hits me]\n  - match: "@perpetrater (hits|kicks) me"\n    examples: [x]\n');
    try {
      loadSafetyLexicon(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SafetyLexiconError);
      expect((error as Error).message).toMatch(/abuse\.yaml:4: error: clear\[1\] "@perpetrater \(hits\|kicks\) me": unknown concept '@perpetrater' Fix: did you mean '@perpetrator'\?/);
    }
  });

  it('rejects a rule without examples and unknown fields, with their file', () => {
    const dir = copy();
    writeFileSync(join(dir, 'rules', 'en', 'emergency.yaml'), 'clear:\n  - match: chest pains\n    exmaples: [x]\n');
    expect(() => loadSafetyLexicon(dir)).toThrow(/emergency\.yaml:\d+: .*(unknown field 'exmaples'|examples)/);
  });
});
