/**
 * npm run connectors:add -- <email>: create a connector inbox account (npm run analysts:add: an analyst's, for
 * /insights; the same command with --role analyst). The password is read from the first
 * line of stdin when piped (for scripts), otherwise asked for twice without echo. One clear line and exit
 * code 2 on any mistake; never a stack trace.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { AccountError, createAccount, MIN_PASSWORD_LENGTH, staffRoleSchema } from '../connect/accounts.js';
import { STAFF_HOMES } from '../connect/staff-sign-in.js';
import { openDatabase } from '../records/open-database.js';

const USAGE = `Usage: npm run connectors:add -- <email>    (or npm run analysts:add -- <email>, the same as --role analyst)
  Creates an account for the connector inbox at /connect, or with --role analyst for the insights at /insights
  (an account opens only its own area). The password (at least ${MIN_PASSWORD_LENGTH} characters)
  is asked for, or read from the first line of stdin: printf '%s\\n' "$PASSWORD" | npm run -s connectors:add -- a@council.gov.uk
  Uses DATABASE_URL, or the embedded database in PGLITE_DIR (stop the server first: PGlite allows one process).`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', default: false }, role: { type: 'string', default: 'connector' } } });
  } catch (error) {
    throw new AccountError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const { positionals, values } = parsed;
  const email = positionals[0];
  if (values.help || !email || positionals.length > 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const role = staffRoleSchema.safeParse(values.role);
  if (!role.success) throw new AccountError(`--role must be connector or analyst, not "${values.role}"`);
  const { config } = loadConfig();
  const password = process.stdin.isTTY ? await askTwice() : await firstLine();
  const db = await openDatabase(config.records);
  try {
    await createAccount(db, email, password, role.data);
  } finally {
    await db.close();
  }
  console.log(`Account created for ${email.trim().toLowerCase()} (${role.data}). They can sign in at ${config.publicBaseUrl}${STAFF_HOMES[role.data]}`);
  return 0;
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function askTwice(): Promise<string> {
  const first = await askHidden('Password: ');
  const second = await askHidden('Same password again: ');
  if (first !== second) throw new AccountError('the two passwords differ');
  return first;
}

/** Ask without echoing what is typed. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    output._writeToOutput = (text: string) => {
      if (text.startsWith(prompt)) process.stdout.write(prompt);
    };
  });
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.problems.join('; ') : error instanceof AccountError ? error.message : `the records database failed (${firstLineOf(error)})`;
    console.error(`Could not create the account: ${message}`);
    process.exit(2);
  },
);
