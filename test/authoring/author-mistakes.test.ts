import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/authoring/author-issue.js';
import { checkBotFiles } from '../../src/check-bot-files.js';
import { createTranslator } from '../../src/content/translate.js';
import { REPO_ROOT } from '../support/test-bot.js';
import { copyBotFiles } from '../support/bot-files-copy.js';

/** A copy of flows/ and content/ with one file edited as a comms officer might. */
function edited(file: string, edit: (text: string) => string): string {
  const copy = copyBotFiles('signpost-mistake-');
  copy.edit(file, edit);
  return copy.root;
}

async function errorsAfter(file: string, edit: (text: string) => string): Promise<string[]> {
  const { issues } = await checkBotFiles({ root: edited(file, edit) });
  return issues.filter((i) => i.severity === 'error').map(formatIssue);
}

const WELCOME = 'content/en/welcome.yaml';
const TALK = 'flows/talk.yaml';
const yes = "offer_yes: Yes, let's do it";

/** [what the officer did, file, edit, the one error expected]. */
const mistakes: Array<[string, string, (s: string) => string, string]> = [
  ['a line indented too far', TALK, (s) => s.replace('    say: talk.intro', '      say: talk.intro'), 'flows/talk.yaml:11: error: this line is indented further than the one above'],
  ['a line not lined up', TALK, (s) => s.replace('    show: helplines', '   show: helplines'), 'flows/talk.yaml:12: error: this line is not lined up with the lines above it (it is indented 3 spaces; line 11 is indented 4)'],
  ['an unquoted ": "', WELCOME, (s) => s.replace(yes, "offer_yes: Yes: let's do it"), "content/en/welcome.yaml:5: error: a text containing ': ' needs quotes"],
  ['a tab', TALK, (s) => s.replace('    say: talk.intro', '\tsay: talk.intro'), 'flows/talk.yaml:11: error: this line is indented with a tab Fix: use spaces'],
  ['a duplicated key', WELCOME, (s) => s.replace('  offer_menu:', '  offer_yes:'), "content/en/welcome.yaml:6: error: 'offer_yes' is written twice in the same group (also on line 5)"],
  ['a missing closing quote', WELCOME, (s) => s.replace(yes, 'offer_yes: "Yes, let\'s do it'), 'content/en/welcome.yaml:5: error: this text opens a quote (") but never closes it'],
  ['a list where a text belongs', WELCOME, (s) => s.replace(yes, 'offer_yes:\n    - Yes\n    - do it'), "content/en/welcome.yaml:5: error: 'welcome.offer_yes' is a list (lines starting with \"-\"), but it should be one text"],
  ['a list where a step name belongs', TALK, (s) => s.replace('next: flow:menu', 'next: [flow:menu]'), 'flows/talk.yaml:17: error: step \'lines\', option 4, next: should be one text, not a list'],
  ['an empty file', WELCOME, () => '', 'content/en/welcome.yaml:1: error: this file is empty'],
  ['a 5 MB file', WELCOME, (s) => `${s}# ${'x'.repeat(5 * 1024 * 1024)}\n`, 'content/en/welcome.yaml:1: error: this file is 5.0 MB, too big for texts or steps (the limit is 1 MB)'],
  ['*bold* without quotes', WELCOME, (s) => s.replace(yes, 'offer_yes: *Yes* please'), "content/en/welcome.yaml:5: error: a text starting with '*' needs quotes"],
  ['*bold* alone without quotes', WELCOME, (s) => s.replace(yes, 'offer_yes: *Yes*'), "content/en/welcome.yaml:5: error: a text starting with '*' needs quotes"],
  ['a # in an unquoted text', WELCOME, (s) => s.replace(yes, 'offer_yes: #1 choice'), "content/en/welcome.yaml:5: error: 'welcome.offer_yes' has no text (a # starts a comment"],
  ['a name without its colon', WELCOME, (s) => s.replace('welcome:', 'welcome'), "content/en/welcome.yaml:1: error: 'welcome' needs a ':' after it"],
  ['an apostrophe inside single quotes', WELCOME, (s) => s.replace(yes, "offer_yes: 'Yes, let's do it'"), "content/en/welcome.yaml:5: error: this text starts with a quote (') but more words follow the closing quote"],
  ['a text starting with @', WELCOME, (s) => s.replace(yes, 'offer_yes: @home'), "content/en/welcome.yaml:5: error: a text starting with '@' needs quotes"],
  ['no space after the colon', WELCOME, (s) => s.replace(yes, 'offer_yes:Yes'), "content/en/welcome.yaml:5: error: 'offer_yes' needs a space after its ':'"],
  ['a list item among names', WELCOME, (s) => s.replace(`  ${yes}`, `  ${yes}\n  - another`), "content/en/welcome.yaml:6: error: a list item ('- ') sits among 'name: text' lines"],
  ['a second document', TALK, (s) => s.replace('flow: talk\n', 'flow: talk\n---\n'), "flows/talk.yaml:6: error: '---' starts a second document, and a file holds one"],
  ['a misspelt step type', TALK, (s) => s.replace('type: choice', 'type: choise'), "flows/talk.yaml:10: error: step 'lines', type: must be one of 'message', 'choice', 'text', 'set', 'schedule', 'branch', 'end' Fix: did you mean 'choice'?"],
  ['a misspelt field', TALK, (s) => s.replace('    say: talk.intro', '    sya: talk.intro'), "flows/talk.yaml:11: error: step 'lines': unknown field 'sya' (check the spelling) Fix: did you mean 'say'?"],
  ['a misspelt flow name', TALK, (s) => s.replace('next: flow:tips', 'next: flow:tip'), "flows/talk.yaml:15: error: step 'lines', option 2: there is no flow called 'tip' Fix: did you mean 'tips'?"],
  ['a misspelt text key', TALK, (s) => s.replace('say: talk.intro', 'say: talk.intr'), "flows/talk.yaml:11: error: step 'lines': there is no text called 'talk.intr' in content Fix: did you mean 'talk.intro'?"],
  ['a misspelt placeholder', WELCOME, (s) => s.replace('{service_name}', '{servce_name}'), "content/en/welcome.yaml:2: error: 'welcome.hello' uses {servce_name}, which nothing fills in Fix: did you mean {service_name}?"],
];

describe('every mistake gives one clear error on the line to change, and nothing that follows from it', () => {
  for (const [what, file, edit, expected] of mistakes) {
    it(what, async () => {
      const errors = await errorsAfter(file, edit);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(expected);
    });
  }

  it('a file saved as UTF-16 is named, with how to save it as UTF-8', async () => {
    const root = edited(WELCOME, (s) => s);
    writeFileSync(join(root, WELCOME), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(join(REPO_ROOT, WELCOME), 'utf8'), 'utf16le')]));
    const { issues } = await checkBotFiles({ root });
    expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([expect.stringContaining('content/en/welcome.yaml:1: error: this file is saved as UTF-16')]);
  });

  it('Windows line endings and a byte-order mark are accepted', async () => {
    const root = edited(WELCOME, (s) => `\uFEFF${s.replace(/\n/g, '\r\n')}`);
    const { bot, issues } = await checkBotFiles({ root });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(createTranslator(bot!.content, 'en')('welcome.offer_yes')).toBe("Yes, let's do it");
  });
});

describe('placeholders', () => {
  it('a typo in both languages is an error in each, never OK', async () => {
    const root = edited(WELCOME, (s) => s.replace('{service_name}', '{servce_name}'));
    const pl = join(root, 'content/pl/welcome.yaml');
    writeFileSync(pl, readFileSync(pl, 'utf8').replace('{service_name}', '{servce_name}'));
    const { issues } = await checkBotFiles({ root });
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.file).sort()).toEqual(['content/en/welcome.yaml', 'content/pl/welcome.yaml']);
  });

  it('a placeholder missing from one language blames that language, and never asks it to copy a typo', async () => {
    const missing = await errorsAfter('content/pl/welcome.yaml', (s) => s.replace('od {council_name}', 'od rady'));
    expect(missing).toEqual([expect.stringContaining("content/pl/welcome.yaml:3: error: 'welcome.hello' is missing {council_name}, which the en text has Fix: add {council_name} where it fits (see content/en/welcome.yaml:2)")]);
    const typo = await errorsAfter(WELCOME, (s) => s.replace('{council_name}', '{council_nme}'));
    expect(typo).toEqual([expect.stringContaining("content/en/welcome.yaml:2: error: 'welcome.hello' uses {council_nme}")]);
  });

  it('saved answers and the values the code passes are placeholders too', async () => {
    const saved = await errorsAfter(WELCOME, (s) => s.replace("offer_yes: Yes, let's do it", 'offer_yes: "Yes, {event}"'));
    // English may use the saved answer; only the other languages' texts, which lack it now, are told.
    expect(saved).toEqual([
      expect.stringContaining("content/pl/welcome.yaml:6: error: 'welcome.offer_yes' is missing {event}"),
      expect.stringContaining("content/ur/welcome.yaml:6: error: 'welcome.offer_yes' is missing {event}"),
    ]);
    const passed = await errorsAfter('content/en/activities.yaml', (s) => s.replace('footer: "Reply 1-{last} for details."', 'footer: "Reply 1-{last} for details ({miles})."'));
    expect(passed.filter((e) => e.startsWith('content/en/'))).toEqual([]);
  });
});

describe('settings per language', () => {
  it('the Polish welcome names the council in Polish', async () => {
    const { bot } = await checkBotFiles({ root: REPO_ROOT });
    expect(createTranslator(bot!.content, 'pl')('welcome.hello')).toContain('od Twojej lokalnej rady');
    expect(createTranslator(bot!.content, 'en')('welcome.hello')).toContain('from your local council');
  });

  it('a setting without a value for a language that uses it is a warning on the setting', async () => {
    const { issues } = await checkBotFiles({ root: edited('content/settings.yaml', (s) => s.replace(/\n\s*# Written as[^\n]*\n\s*pl: [^\n]*/, '')) });
    expect(issues.map(formatIssue)).toContainEqual(expect.stringMatching(/^content\/settings\.yaml:5: warning: 'council_name' has no 'pl' value, so pl texts \(such as content\/pl\/\w+\.yaml:\d+\) show the en one/));
  });
});
