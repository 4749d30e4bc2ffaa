/**
 * npm run bench:campaigns — what looking for a campaign keyword adds to every text turn. Runs the keyword search
 * over the repository's campaigns on a mix of typical messages, beside a baseline in the same run: the command
 * reader every turn already runs on the same messages. Alternates the two over several rounds, prints medians.
 */
import { fileURLToPath } from 'node:url';
import { loadBot } from '../src/bot.js';
import { createCommandReader } from '../src/conversation/commands.js';
import { createActivityShows } from '../src/activities/activity-shows.js';
import { DirectoryHolder, DEFAULT_DIRECTORY_FILE } from '../src/directory/index.js';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);

const directory = DirectoryHolder.open(join(root, DEFAULT_DIRECTORY_FILE));
const { bot } = loadBot({ root, shows: createActivityShows(() => directory.current), onMissingText: () => {} });
if (!bot) throw new Error('flows/content have errors: run npm run content:check');
const readCommand = createCommandReader(bot.content);
const { campaigns } = bot;

/** Answers, free text, Polish, emoji, commands, and the prefilled text of a poster. */
const MESSAGES = [
  '2', 'often', 'yes please', 'hi', 'MENU', '👍', 'S65 2AB', 'Dzień dobry, chcę porozmawiać',
  'my husband passed away in March and I do not see many people now', 'Hi! I saw your poster (LIB24)',
];

function time(work: (text: string) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i += 1) if (work(MESSAGES[i % MESSAGES.length]!)) sink += 1;
  const ns = Number(process.hrtime.bigint() - started);
  if (sink < 0) console.log(sink);
  return ns / CALLS / 1000;
}

const found = MESSAGES.filter((m) => campaigns.find(m)).length;
if (found !== 1) throw new Error(`expected exactly the prefilled text to start a campaign, found ${found}`);
const baseline: number[] = [];
const keyword: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  baseline.push(time((text) => readCommand(text, 'en')));
  keyword.push(time((text) => campaigns.find(text)));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [b, k] = [median(baseline), median(keyword)];
console.log(`${CALLS} messages x ${ROUNDS} rounds, ${campaigns.campaigns.length} campaigns, ${MESSAGES.length} kinds of message`);
console.log(`baseline  command reader          ${b.toFixed(2)} µs/message`);
console.log(`campaign  keyword search          ${k.toFixed(2)} µs/message  (${(k / b).toFixed(2)}x the command reader)`);
