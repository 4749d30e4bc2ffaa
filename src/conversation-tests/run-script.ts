import type { Bot } from '../bot.js';
import type { ScriptHost, StoredCallbacks } from './callback-host.js';
import { explainChange } from './explain-change.js';
import type { LoadedScript } from './load-scripts.js';
import type { ScriptEvent, ScriptTurn } from './script-schema.js';
import { Resident } from './scripted-resident.js';

export interface ScriptFailure {
  /** 1-based turn number and the line it starts on. */
  turn: number;
  line: number;
  /** What the resident said, or what happened instead, in words: 'the resident says "STOP"'. */
  happened: string;
  /** What was expected and did not happen, in plain words, each with what happened instead. */
  problems: string[];
  reply: string;
}

export type ScriptResult = { file: string; title: string; turns: number } & ({ passed: true } | { passed: false; failure: ScriptFailure });

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * Play a scripted conversation against the bot, with the host's callback stage when `host` is given. It stops
 * at the first turn that goes wrong: later turns would only fail because of it.
 */
export async function runScript(bot: Bot, { file, script, lines }: LoadedScript, host?: ScriptHost): Promise<ScriptResult> {
  const resident = new Resident(bot, host ?? {});
  if (script.today) resident.now = Date.parse(`${script.today}T10:00:00Z`);
  for (const [i, turn] of script.turns.entries()) {
    if (turn.after) resident.now += Number(turn.after.slice(0, -1)) * UNIT_MS[turn.after.at(-1) as keyof typeof UNIT_MS];
    const said = turn.user !== undefined ? `the resident says ${JSON.stringify(turn.user)}` : `this happens: ${Object.entries(turn.event!).map(([k, v]) => `${k} ${v}`).join('')}`;
    let reply: string;
    try {
      const extra = { ...(turn.media ? { mediaCount: turn.media } : {}), ...(script.chat_page ? { replyOnly: true } : {}) };
      reply = turn.user !== undefined ? await resident.says(turn.user, extra) : await happen(resident, turn.event!);
    } catch (error) {
      // e.g. a follow-up the script expects to be due was never scheduled.
      const problem = error instanceof Error ? error.message : String(error);
      return { file, title: script.title, turns: script.turns.length, passed: false, failure: { turn: i + 1, line: lines[i] ?? 1, happened: said, problems: [problem], reply: '' } };
    }
    const problems = checkTurn(turn, reply, resident);
    if (turn.stored) problems.push(...checkStored(turn.stored, host ? await host.stored() : null));
    if (problems.length) {
      return { file, title: script.title, turns: script.turns.length, passed: false, failure: { turn: i + 1, line: lines[i] ?? 1, happened: said, problems, reply } };
    }
  }
  return { file, title: script.title, turns: script.turns.length, passed: true };
}

function happen(resident: Resident, event: ScriptEvent): Promise<string> {
  if ('follow_up_due' in event) return resident.followUpDue(event.follow_up_due);
  if ('stale_follow_up' in event) return resident.receives({ kind: 'follow_up_due', followUp: event.stale_follow_up, jobId: 'stale' });
  if ('campaign_start' in event) return resident.receives({ kind: 'campaign_start', campaign: event.campaign_start, via: 'keyword' });
  return resident.receives({ kind: 'carrier_opt_out', action: event.carrier_opt_out });
}

function checkStored(expected: NonNullable<ScriptTurn['stored']>, stored: StoredCallbacks | null): string[] {
  if (!stored) return ['this turn checks the callback requests stored, but the conversation ran without a records database'];
  const { total, open = stored.open, numbers = stored.withNumber, names = stored.withName } = expected;
  const problems: string[] = [];
  if (stored.total !== total) problems.push(`expected ${total} callback request(s) stored, there are ${stored.total}`);
  if (stored.open !== open) problems.push(`expected ${open} open callback request(s), there are ${stored.open}`);
  if (stored.withNumber !== numbers) problems.push(`expected ${numbers} callback request(s) holding a number, there are ${stored.withNumber}`);
  if (stored.withName !== names) problems.push(`expected ${names} callback request(s) holding a name, there are ${stored.withName}`);
  return problems;
}

function checkTurn(turn: ScriptTurn, reply: string, resident: Resident): string[] {
  const problems: string[] = [];
  const lower = reply.toLowerCase();
  for (const text of turn.bot ?? []) {
    if (lower.includes(text.toLowerCase())) continue;
    const change = explainChange(text, reply);
    problems.push(`the bot should say "${text}"${change ? `; the reply now reads: ${change}` : ', but nothing in the reply is close'}`);
  }
  for (const text of turn.bot_not ?? []) if (lower.includes(text.toLowerCase())) problems.push(`the bot should not say "${text}", but it did`);
  const count = resident.last.length;
  if (turn.replies !== undefined && count !== turn.replies) problems.push(`expected ${turn.replies} message(s), the bot sent ${count}`);
  if (turn.silent && count !== 0) problems.push(`expected no reply, the bot sent ${count} message(s)`);
  if (turn.erased && resident.session !== null) problems.push('expected everything about the resident to be erased, but it was kept');
  const at = resident.session?.at ?? null;
  if (turn.at !== undefined && at !== turn.at) problems.push(`expected the conversation to be at step ${turn.at}, it is at ${at ?? 'no step'}`);
  const locale = resident.session?.locale;
  if (turn.locale !== undefined && locale !== turn.locale) problems.push(`expected the language to be ${turn.locale}, it is ${locale ?? 'not set'}`);
  for (const [name, value] of Object.entries(turn.vars ?? {})) {
    const saved = resident.session?.vars[name];
    if (saved !== (value ?? undefined)) problems.push(`expected the answer '${name}' to be ${value === null ? 'not saved' : JSON.stringify(value)}, it is ${saved === undefined ? 'not saved' : JSON.stringify(saved)}`);
  }
  if (turn.scheduled) {
    const waiting = [...resident.scheduled.keys()].sort();
    const expected = [...turn.scheduled].sort();
    if (waiting.join() !== expected.join()) problems.push(`expected follow-ups scheduled: ${expected.join(', ') || 'none'}; scheduled: ${waiting.join(', ') || 'none'}`);
  }
  const handledBy = resident.lastResult?.handledBy ?? null;
  if (turn.handled_by !== undefined && handledBy !== turn.handled_by) problems.push(`expected the turn to be handled by ${turn.handled_by}, it was handled by ${handledBy ?? 'no stage'}`);
  const recorded = (resident.lastResult?.events ?? []).flatMap((e) => [e.name, ...Object.entries(e.props ?? {}).map(([k, v]) => `${e.name}:${k}=${v}`)]);
  for (const fact of turn.recorded ?? []) if (!recorded.includes(fact)) problems.push(`expected the analytics to record ${fact}; recorded: ${recorded.join(', ') || 'nothing'}`);
  const campaign = resident.session?.campaign ?? '-';
  if (turn.campaign !== undefined && campaign !== turn.campaign) problems.push(`expected the campaign tag ${turn.campaign}, it is ${campaign}`);
  const status = resident.session?.campaignStatus;
  if (turn.campaign_status !== undefined && status !== turn.campaign_status) problems.push(`expected the campaign status ${turn.campaign_status}, it is ${status ?? 'not set'}`);
  return problems;
}
