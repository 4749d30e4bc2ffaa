/**
 * npm run chat -- [--channel sms|whatsapp] [--locale xx]
 * Talk to the bot in the terminal, with replies rendered as the channel would show them. When standard
 * input is not a terminal, each line is one inbound message and every reply line is printed as "bot> …",
 * so a conversation can be scripted from a file.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { renderReplies } from '../channels/render-replies.js';
import { formatIssue } from '../authoring/author-issue.js';
import { createMessageHandler } from '../conversation/handle-message.js';
import { channelSchema } from '../conversation/reply.js';
import { serialiseSession, newSession } from '../conversation/session.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { loadRuntimeBot } from '../runtime-bot.js';
import { MemoryStore } from '../store/memory-store.js';
import { createCallbackService } from '../callbacks/callback-service.js';
import { createDatabaseHolder } from '../records/open-database.js';

const { values } = parseArgs({
  options: { channel: { type: 'string', default: 'sms' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('Usage: npm run chat -- [--channel sms|whatsapp] [--locale en|pl]');
  process.exit(0);
}
const channel = channelSchema.safeParse(values.channel);
if (!channel.success) {
  console.error(`--channel must be sms or whatsapp (got "${values.channel}")`);
  process.exit(2);
}

// The same settings the server reads (DIRECTORY_FILE, CONTENT_ROOT, DEFAULT_LOCALE, LLM_*, POSTCODE_LOOKUP_URL,
// SESSION_TTL_DAYS...), checked the same way. The terminal is never the internet, so the production-only
// requirements (Twilio, Redis, secrets) don't apply; conversations stay in memory.
let config: Config;
try {
  ({ config } = loadConfig({ ...process.env, NODE_ENV: 'development', WORKERS: '1' }));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(2);
}
const { bot, issues } = await loadRuntimeBot({ root: config.contentRoot, defaultLocale: config.defaultLocale, onMissingText: () => {}, config });
if (!bot) {
  console.error(issues.map(formatIssue).join('\n'));
  process.exit(1);
}
if (values.locale && !bot.engine.locales.includes(values.locale)) {
  console.error(`--locale must be one of: ${bot.engine.locales.join(', ')}`);
  process.exit(2);
}

const store = new MemoryStore();
const conversationId = 'terminal';
if (values.locale) {
  const session = newSession(values.locale, bot.engine.flowsVersion, Date.now());
  await store.commitTurn(conversationId, { session: serialiseSession(session), sessionTtlSeconds: config.sessionTtlSeconds });
}
// Callback requests go to a database in memory, opened only if the conversation gets that far: the terminal
// chat must not share the server's embedded database files, which belong to one process.
const database = createDatabaseHolder({ pgliteDir: '' });
const callbacks = createCallbackService({
  database,
  config: { idSecret: 'terminal-chat', publicBaseUrl: 'http://localhost', callbacks: { keys: [{ id: 'terminal', key: randomBytes(32) }] } },
  content: bot.content,
  log: { info: () => {}, warn: () => {} },
  senders: {},
});
const handleMessage = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: config.sessionTtlSeconds, afterTurn: callbacks.afterTurn });
const interactive = process.stdin.isTTY === true;

async function say(text: string): Promise<void> {
  const result = await handleMessage({ conversationId, message: { text } });
  if (result.status === 'handled') bot!.hooks.onEvents?.(result.events, conversationId);
  const replies = result.status === 'busy' ? [] : result.replies;
  for (const message of renderReplies(channel.data!, replies)) {
    if (!interactive) {
      for (const line of message.body.split('\n')) console.log(`bot> ${line}`);
      continue;
    }
    const meta = channel.data === 'sms' ? `  [${message.segments} SMS segment${message.segments === 1 ? '' : 's'}, ${message.encoding}]` : '';
    console.log(`\n${message.body.replace(/^/gm, '  ')}\n\x1b[2m${meta}\x1b[0m`);
  }
}

const lines = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
if (interactive) {
  console.log(`Signpost terminal chat (${channel.data}). Type a message, e.g. "hi". Ctrl+D to quit.`);
  lines.setPrompt('you> ');
  lines.prompt();
}
for await (const line of lines) {
  await say(line);
  if (interactive) lines.prompt();
}
await database.close();
