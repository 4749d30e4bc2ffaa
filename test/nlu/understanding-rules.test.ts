import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuthorIssuesError } from '../../src/authoring/author-issue.js';
import { chooseThresholds } from '../../src/nlu/calibrate-thresholds.js';
import { crossValidateNlu } from '../../src/nlu/cross-validate.js';
import { ageGroupOfNumber } from '../../src/nlu/age-number.js';
import { parseNluEval } from '../../src/nlu/evaluate.js';
import { createKeywordClassifier, intentModelOf, loadIntentModel, loadIntents, withIntentModel, type IntentsFile } from '../../src/nlu/index.js';
import { MODEL_THRESHOLD, trainIntentModel } from '../../src/nlu/train-intent-model.js';
import { classProbabilities } from '../../src/nlu/intent-model.js';
import { intentFeatures } from '../../src/nlu/intent-features.js';
import { createModelWordings, type ModelWording } from '../../src/nlu/model-wording.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const intentsFiles = loadIntents(root);
const bot = withIntentModel(createKeywordClassifier(intentsFiles), loadIntentModel(intentsFiles));
const read = (text: string, set: string, locale = 'en') => bot.classify({ text, set, locale })?.intent ?? null;

describe('reading free text', () => {
  it('reads one concept phrase for every word of the concept ("lost my @relative")', () => {
    expect(read('lost me nan in the spring', 'life_event')).toBe('bereavement');
    expect(read('buried my brother in may', 'life_event')).toBe('bereavement');
    expect(read('came over from eritrea last year', 'life_event')).toBe('new_to_country');
  });

  it('reads the time said to suit as the one wanted, and the other as ruled out', () => {
    expect(read('weekdays work best, the weekend is for my grandkids', 'need')).toBe('weekdays');
    expect(read('evenings suit me, mornings i have physio', 'need')).toBe('evenings');
    expect(read('najlepiej wieczorem, rano pracuję', 'need', 'pl')).toBe('evenings');
  });

  it('reads two days joined as a range or a pair as weekdays or the weekend', () => {
    expect(read('tues to fri', 'need')).toBe('weekdays');
    expect(read('sat or sun', 'need')).toBe('weekend');
    expect(read('od wtorku do czwartku', 'need', 'pl')).toBe('weekdays');
    expect(read('mangal se jumeraat tak', 'need', 'ur')).toBe('weekdays');
    expect(read('ہفتہ یا اتوار', 'need', 'ur')).toBe('weekend');
  });

  it('takes a short first sentence as the answer on a scale, whatever the next one negates', () => {
    expect(read('Often. I don\'t really see anyone these days.', 'frequency')).toBe('often');
    expect(read('Yes. I don\'t get out much.', 'yes_no')).toBe('yes');
  });

  it('reads an interest or a time said of someone else as theirs, not a choice, and without a guess', () => {
    expect(read('my grandson plays football every saturday', 'interest')).toBeNull();
    expect(read('my grandson plays football every saturday', 'need')).toBeNull();
    expect(read('my sister swears by her walking group but whatever you think', 'interest')).toBe('no_preference');
    expect(read('córka chodzi na jogę', 'interest', 'pl')).toBeNull();
    expect(read('our lass is at bingo tonight', 'interest')).toBeNull();
    // Only as written: "me and my mate love walking" is the resident's own choice.
    expect(read('me and my mate love walking', 'interest')).toBe('walking');
  });

  it("reads someone else's doing to the end of its sentence, until the resident says what they want", () => {
    expect(read('my husband goes to the bowls club on thursdays', 'need')).toBeNull();
    expect(read('my daughter in law does the tesco shop for me of a tuesday', 'need')).toBeNull();
    expect(read('my husband goes to the bowls club on thursdays but i would rather mondays', 'need')).toBe('monday');
    expect(read('my husband goes to the bowls club. mondays suit me', 'need')).toBe('monday');
    expect(read('my partner works in the week and I\'d want her with me, so sat or sun', 'need')).toBe('weekend');
  });

  it("reads someone else's doing said verb-last in Urdu as theirs, and the resident's own wish beside it", () => {
    expect(read('meri beti har jumeraat ko yoga class jaati hai', 'interest', 'ur')).toBeNull();
    expect(read('meri beti har jumeraat ko yoga class jaati hai', 'need', 'ur')).toBeNull();
    expect(read('ابو کو مسجد کا درس پسند ہے', 'interest', 'ur')).toBeNull();
    expect(read('bhai gym jaata hai, mujhe sair karna pasand hai', 'interest', 'ur')).toBe('walking');
    expect(read('main khud gym jaati hoon', 'interest', 'ur')).toBe('sport_exercise');
  });

  it('reads a later "something like that" as wanting what someone else does', () => {
    expect(read('my brother goes to a men\'s shed, something like that', 'interest')).toBe('mens_groups');
    expect(read('my brother goes to a men\'s shed', 'interest')).toBeNull();
  });

  it('reads a day told by the one before it ("the day after") as that day, not the one it counts from', () => {
    expect(read('the grandkids come on friday so the day after', 'need')).toBe('saturday');
    expect(read('tuesday is my hospital day, the day before is fine', 'need')).toBe('monday');
    expect(read('w piątek mam wizytę, dzień później może być', 'need', 'pl')).toBe('saturday');
    expect(read('jumeraat ko doctor hai, agle din aa sakti hoon', 'need', 'ur')).toBe('friday');
  });

  it('reads an exception as what is not wanted: its complement where there is one, else the question again', () => {
    expect(read('anytime but the weekend', 'need')).toBe('weekdays');
    expect(read('any day apart from weekdays', 'need')).toBe('weekend');
    expect(read('any day except thursday', 'need')).toBeNull();
    expect(read('każdy dzień byle nie weekend', 'need', 'pl')).toBe('weekdays');
    expect(read('weekend ke alawa koi bhi din theek hai', 'need', 'ur')).toBe('weekdays');
  });

  it('reads Roman Urdu typed without its vowels or shortened ("khtm", "thk", "k", "b")', () => {
    expect(read('naukri khtm ho gyi', 'life_event', 'ur')).toBe('job_loss');
    expect(read('koi b din thk hai', 'need', 'ur')).toBe('no_preference');
    expect(read('aj ho skta hai kya', 'need', 'ur')).toBe('today');
    // Only vowels may be missing: "but" is not "baat".
    expect(read('but', 'interest', 'ur')).toBeNull();
  });

  it('reads a story with no wish in it as no choice of interest or time, and a wish told with a story as the choice', () => {
    expect(read('went to church this morning, lovely service', 'interest')).toBeNull();
    expect(read('went to church this morning, lovely service', 'need')).toBeNull();
    expect(read('saw some lovely ducks at the park', 'interest')).toBeNull();
    expect(read('w sobotę byłam w polskim sklepie i nie mieli pierogów', 'need', 'pl')).toBeNull();
    expect(read('maine aaj biryani banayi', 'need', 'ur')).toBeNull();
    expect(read('ammi aaj bazaar gayi hain', 'need', 'ur')).toBeNull();
    expect(read("I used to love walking, I'd like that again", 'interest')).toBe('walking');
    expect(read('went to a pottery class once, i would love to do that again', 'interest')).toBe('arts_crafts');
    expect(read('painting, i used to draw loads as a kid', 'interest')).toBe('arts_crafts');
    expect(read('the carer does a long shift on a tuesday so I can get away then', 'need')).toBe('tuesday');
    expect(read('saw a lovely robin on the bird table this morning', 'yes_no')).toBeNull();
    expect(read('yes, went there last week and it was lovely', 'yes_no')).toBe('yes');
  });

  it('reads a time told by the day\'s routine (the school run, the carer, tea) as the time it means', () => {
    expect(read('once I\'ve done the school run I\'m free till about half eleven', 'need')).toBe('mornings');
    expect(read('before the school pick up', 'need')).toBe('mornings');
    expect(read('after pick up', 'need')).toBe('afternoons');
    expect(read("when the carer's been", 'need')).toBe('afternoons');
    expect(read('after my tea', 'need')).toBe('evenings');
    expect(read('po odwiezieniu dzieci do szkoly', 'need', 'pl')).toBe('mornings');
    expect(read('po kolacji', 'need', 'pl')).toBe('evenings');
    expect(read('بچوں کو سکول چھوڑنے کے بعد', 'need', 'ur')).toBe('mornings');
    expect(read('dopahar ke khane ke baad', 'need', 'ur')).toBe('afternoons');
    expect(read('raat ke khane ke baad', 'need', 'ur')).toBe('evenings');
  });

  it('reads Urdu "acha" said with a laugh as no answer at a yes/no question, and asks again', () => {
    expect(read('hahaha acha', 'yes_no', 'ur')).toBeNull();
    expect(read('hahaha theek hai', 'yes_no', 'ur')).toBeNull();
    expect(read('acha', 'yes_no', 'ur')).toBe('yes');
  });

  it('reads the short verbs the stemmer cannot shorten as their base form ("doing", "cried")', () => {
    expect(read("our kev's not been well so i've been doing everything for him", 'life_event')).toBe('caring');
    expect(read('just cried for an hour', 'global')).toBe('feeling_low');
  });

  it('reads what people do at a time of day, or cannot do, as the time they mean', () => {
    expect(read('once the kids are in bed', 'need')).toBe('evenings');
    expect(read('jak dzieci zasną', 'need', 'pl')).toBe('evenings');
    expect(read("i'm useless after dinner time", 'need')).toBe('mornings');
    expect(read('doesnt matter, im free whenever', 'need')).toBe('no_preference');
    expect(read('itwaar ko theek hai, hafte ko kaam hai', 'need', 'ur')).toBe('sunday');
  });

  it('lets a change no intent names keep the words of a shorter phrase inside it', () => {
    expect(read('came out of prison in the summer', 'life_event')).toBe('something_else');
    expect(read('i came out to my parents in the summer', 'life_event')).toBe('coming_out');
  });

  it('reads caring as a duty done for someone who cannot manage, and giving up work for it, as caring', () => {
    expect(read('i do the cooking and washing for my dad, he cant manage on his own', 'life_event')).toBe('caring');
    expect(read('had to give up work to look after my mum', 'life_event')).toBe('caring');
    expect(read('my wife cant be left on her own now', 'life_event')).toBe('caring');
    expect(read('nie może zostać sama, więc robię jej zakupy', 'life_event', 'pl')).toBe('caring');
    expect(read('abbu ko akela nahi chhod sakti', 'life_event', 'ur')).toBe('caring');
  });

  it('takes "ok" as the yes it is by text, and lets a polite refusal beat "alright"', () => {
    for (const [text, locale] of [['k', 'en'], ['ok', 'en'], ['okay', 'en'], ['kk', 'en'], ['ok', 'pl'], ['okej', 'pl']] as const) {
      expect(read(text, 'yes_no', locale), `${locale}: ${text}`).toBe('yes');
    }
    expect(read('yeah ok', 'yes_no')).toBe('yes');
    expect(read('ok yes please', 'yes_no')).toBe('yes');
    expect(read("I'll give that one a miss if that's alright", 'yes_no')).toBe('no');
    expect(read("i'll pass if that's ok", 'yes_no')).toBe('no');
    expect(read('rehne dijiye', 'yes_no', 'ur')).toBe('no');
  });

  it('takes the more specific of two intents named in one message', () => {
    expect(read('moved here for a new job', 'life_event')).toBe('moving_for_study_or_work');
    expect(read('a gay mens group', 'interest')).toBe('lgbt');
    expect(read('my husband had a stroke and i do everything for him', 'life_event')).toBe('caring');
    expect(read('goodbye for now and thank you for your time', 'global')).toBe('goodbye');
    expect(read('i looked after my wife for years until she died', 'life_event')).toBe('bereavement');
    expect(read('we split up and i had to move out to a new flat', 'life_event')).toBe('break_up');
    expect(read('my husband moved out in june', 'life_event')).toBe('break_up');
    expect(read('the factory shut and i had to move house', 'life_event')).toBe('job_loss');
    expect(read('the company moved me to rotherham', 'life_event')).toBe('moving_for_study_or_work');
    expect(read('my wife died and i moved to a bungalow', 'life_event')).toBe('bereavement');
    expect(read('she took the kids and went back to her mums', 'life_event')).toBe('break_up');
    expect(read('a group to chat with other mums', 'interest')).toBe('parents_babies');
  });

  it('reads a long English word borrowed into another language, but not a short one', () => {
    const intents = new Map<string, IntentsFile>([
      ['en', { interest: { gardening_nature: ['gardening'] }, yes_no: { no: ['nah'] } }],
      ['ur', { interest: { class_course: ['seekhna'] }, yes_no: { 'yes': ['haan'] } }],
    ]);
    const reader = createKeywordClassifier(intents);
    expect(reader.classify({ text: 'mujhe gardening ka bohat shauq hai', set: 'interest', locale: 'ur' })?.intent).toBe('gardening_nature');
    expect(reader.classify({ text: 'wo kehti hai nah', set: 'yes_no', locale: 'ur' })).toBeNull();
  });

  it('counts a plural in -s as the word itself, so it outranks a catch-all said exactly', () => {
    expect(read('weekends, i work all week', 'need')).toBe('weekend');
    expect(read('thursdays are my free day', 'need')).toBe('thursday');
  });

  it('never corrects a word the language uses in another set into a different one ("morning" is not "mourning")', () => {
    expect(read('every morning and night', 'life_event')).toBeNull();
    expect(read('agency stopped giving me work', 'life_event')).not.toBe('bereavement');
  });

  it('reads dialect and text-speak through declared spellings and concepts', () => {
    expect(read('wor lass passed at christmas', 'life_event')).toBe('bereavement');
    expect(read('me n my gf split up', 'life_event')).toBe('break_up');
    expect(read('the bairns have all gone', 'life_event')).toBe('children_left_home');
    expect(read('ma maw cannae manage, ahm lookin efter her', 'life_event')).toBe('caring');
  });

  it('reads an age from digits, spelt-out numbers (English, Polish) and Urdu digits, before the words around it', () => {
    expect(read('i am 23 years old', 'age_group')).toBe('16_24');
    expect(read('sixty-eight', 'age_group')).toBe('65_plus');
    expect(read('siedemdziesiąt dwa', 'age_group', 'pl')).toBe('65_plus');
    expect(read('میری عمر ۷۰ سال ہے', 'age_group', 'ur')).toBe('65_plus');
    expect(read('under 25', 'age_group')).toBe('16_24');
    expect(read('age 250', 'age_group')).toBeNull();
  });

  it('reads a year of birth as the age it makes this year, and Urdu number words said as an age', () => {
    expect(ageGroupOfNumber('born in 1948', 2026)).toBe('65_plus');
    expect(ageGroupOfNumber('urodzona w 2004', 2026)).toBe('16_24');
    expect(ageGroupOfNumber('urodzona w 2004', 2031)).toBe('25_64');
    expect(ageGroupOfNumber('born in 2090', 2026)).toBeNull();
    expect(read('میری عمر ستر سال ہے', 'age_group', 'ur')).toBe('65_plus');
    expect(read('main bees saal ka hoon', 'age_group', 'ur')).toBe('16_24');
    expect(read('umar pachas', 'age_group', 'ur')).toBe('25_64');
    // "saath" is also "with": only next to a word for years or age is it sixty.
    expect(ageGroupOfNumber('ammi ke saath', 2026)).toBeNull();
    // "about forty", "I'm thirty": a number word, then "of", then "about" or "am".
    expect(read('چالیس کے قریب ہوں', 'age_group', 'ur')).toBe('25_64');
    expect(read('sattar ka hoon', 'age_group', 'ur')).toBe('65_plus');
    expect(ageGroupOfNumber('wo mere saath ka hai', 2026)).toBeNull();
  });

  it('reads every declared spelling variant as its usual word, in phrases written once', () => {
    const intents = new Map<string, IntentsFile>([['en', { _spellings: { mum: ['mam', 'mom'], something: ['summat'] }, life_event: { bereavement: ['lost my mum'], something_else: ['something else'] } }]]);
    const reader = createKeywordClassifier(intents);
    const said = (text: string) => reader.classify({ text, set: 'life_event', locale: 'en' })?.intent ?? null;
    expect(said('lost my mam last year')).toBe('bereavement');
    expect(said('Lost my MOM')).toBe('bereavement');
    expect(said('summat else')).toBe('something_else');
    expect(read('nahin', 'yes_no', 'ur')).toBe('no');
    expect(read('nokri chali gayi', 'life_event', 'ur')).toBe('job_loss');
  });

  it('reads questions about something the bot does not do as nothing at every step, without a guess', () => {
    for (const set of ['need', 'interest', 'life_event', 'global', 'menu']) {
      expect(read('who won the match on saturday', set)).toBeNull();
      expect(read("what's the football score", set)).toBeNull();
      expect(read('aaj mausam kaisa hai', set, 'ur')).toBeNull();
      expect(read('jaka będzie pogoda jutro', set, 'pl')).toBeNull();
    }
    // Two phrases of one length sharing a word: the off-topic one takes it, not the one said first.
    expect(read("what's on the telly tonight", 'menu')).toBeNull();
    expect(read("what's on near me", 'menu')).toBe('activities');
    // An answer's phrase longer than the off-topic one still wins; a shorter off-topic word alone does not.
    expect(read('saturday', 'need')).toBe('saturday');
    expect(read('a walking group when the weather is nice', 'interest')).toBe('walking');
  });

  it('leaves Roman Urdu words alone rather than "correcting" them into English ones', () => {
    expect(read('koi baat karne wala mil jaye', 'interest', 'ur')).toBe('befriending');
  });

  it('lets the trained model read what no phrase names, and only then', () => {
    const intents = new Map<string, IntentsFile>([['en', { interest: { walking: ['walking'], arts_crafts: ['knitting'] } }]]);
    const keyword = createKeywordClassifier(intents);
    const utterances = parseNluEval(
      ['interest/walking\ten\tstrolls by the canal', 'interest/walking\ten\ta stroll with others', 'interest/arts_crafts\ten\tcrochet and chat', 'interest/arts_crafts\ten\ta crochet circle', 'none/none\ten\twhat is the weather'].join('\n'),
    );
    const model = intentModelOf(trainIntentModel({ utterances, intents, keywordFinds: (r) => keyword.classify(r) !== null }), intents);
    const reader = withIntentModel(keyword, model);
    expect(reader.classify({ text: 'strolls', set: 'interest', locale: 'en' })?.intent).toBe('walking');
    expect(reader.classify({ text: 'knitting', set: 'interest', locale: 'en' })?.intent).toBe('arts_crafts');
  });

  it('lets the trained model read words as the phrases do: declared spellings and concepts', () => {
    const intents = new Map<string, IntentsFile>([
      ['en', { _spellings: { yes: ['aye'] }, _concepts: { partner: ['husband', 'fella'] }, yes_no: { yes: ['yes'], no: ['no'] }, life_event: { break_up: ['divorce'], moving_home: ['new flat'] } }],
    ]);
    const keyword = createKeywordClassifier(intents);
    const utterances = parseNluEval(
      [
        'yes_no/yes\ten\tyes i would', 'yes_no/yes\ten\tyes go on', 'yes_no/no\ten\tno ta', 'yes_no/no\ten\tno i would not',
        'life_event/break_up\ten\tmy husband is gone', 'life_event/break_up\ten\tthe husband went', 'life_event/moving_home\ten\twe went to a new flat', 'life_event/moving_home\ten\tgone to a new town',
      ].join('\n'),
    );
    const stored = trainIntentModel({ utterances, intents, keywordFinds: (r) => keyword.classify(r) !== null });
    expect(intentModelOf(stored, intents).predict({ text: 'aye', set: 'yes_no', locale: 'en' })?.intent).toBe('yes');
    // Two lines per intent make no confident model; what matters is which reading the concept makes likeliest.
    const lifeEvent = stored.sets.life_event!;
    const likeliest = (text: string, wording?: ModelWording) => {
      const p = classProbabilities(lifeEvent, intentFeatures(text, 'en', wording));
      return lifeEvent.classes[p.indexOf(Math.max(...p))];
    };
    expect(likeliest('her fella', createModelWordings(intents).get('en'))).toBe('break_up');
    expect(likeliest('her fella')).not.toBe('break_up');
  });

  it('refuses a stored model trained for intents the bot no longer has', () => {
    const stored = { version: 2 as const, trained: { lines: 0, files: [] }, sets: { interest: { classes: ['karaoke', '_none'], bias: [0, 0], weights: {}, threshold: 0.5 } } };
    expect(() => intentModelOf(stored, new Map())).toThrow(/karaoke/);
  });

  it('moves a set\'s threshold from the default only when held-out lines clearly say so', () => {
    const guess = (set: string, want: string | null, guess: string, p: number) => ({ set, want, guess, p });
    // Chit-chat guessed at with confidence pushes it up.
    const higher = [guess('interest', null, 'walking', 0.5), guess('interest', null, 'walking', 0.52), guess('interest', 'walking', 'walking', 0.9)];
    expect(chooseThresholds(higher).interest).toBe(0.55);
    // One line gained is not enough to move.
    expect(chooseThresholds(higher.slice(1)).interest).toBe(MODEL_THRESHOLD);
    // Never below the default: other steps ask this set too, and no held-out line judges those readings.
    const lower = [guess('life_event', 'caring', 'caring', 0.36), guess('life_event', 'caring', 'caring', 0.38), guess('life_event', null, 'caring', 0.3)];
    expect(chooseThresholds(lower).life_event).toBe(MODEL_THRESHOLD);
    expect(chooseThresholds(higher).menu).toBe(MODEL_THRESHOLD);
  });

  it('cross-validates: every utterance is judged by a model that never saw it', async () => {
    const intents = new Map<string, IntentsFile>([['en', { yes_no: { yes: ['yes'], no: ['no'] } }]]);
    const cases = parseNluEval(['yes_no/yes\ten\tyeah', 'yes_no/yes\ten\tyep', 'yes_no/no\ten\tnah', 'yes_no/no\ten\tnope'].join('\n'));
    const report = await crossValidateNlu(cases, intents, 2);
    expect(report.total).toBe(4);
    expect([...report.byLocale.keys()]).toEqual(['en']);
  });
});

describe('intents files', () => {
  it('name the line of a phrase using a concept the file does not define', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intents-'));
    mkdirSync(join(dir, 'content', 'en'), { recursive: true });
    writeFileSync(join(dir, 'content', 'en', 'intents.yaml'), "_concepts:\n  relative: [mum, dad]\nlife_event:\n  bereavement: ['lost my @relatve']\n");
    try {
      loadIntents(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AuthorIssuesError);
      const [issue] = (error as AuthorIssuesError).issues;
      expect(issue).toMatchObject({ line: 4, file: 'content/en/intents.yaml' });
      expect(issue!.fix).toContain("'relative'");
    }
  });

  it('name the line of a spelling variant listed under two words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intents-'));
    mkdirSync(join(dir, 'content', 'en'), { recursive: true });
    writeFileSync(join(dir, 'content', 'en', 'intents.yaml'), '_spellings:\n  mum: [mam]\n  madam: [mam]\n');
    expect(() => loadIntents(dir)).toThrow(AuthorIssuesError);
    try {
      loadIntents(dir);
    } catch (error) {
      expect((error as AuthorIssuesError).issues[0]).toMatchObject({ line: 3, file: 'content/en/intents.yaml' });
    }
  });
});
