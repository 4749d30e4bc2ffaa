import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStages } from '../../src/conversation/turn/run-stages.js';
import { STAGES } from '../../src/conversation/turn/stages.js';
import { defineStage, TurnError, type TurnContext } from '../../src/conversation/turn/turn-context.js';
import { newSession } from '../../src/conversation/session.js';
import { REPO_ROOT } from '../support/test-bot.js';

function contextFor(event: TurnContext['event']): TurnContext {
  return {
    event, now: 1, lastSeenAt: null, text: '', command: null, session: newSession('en', 'v', 1), erase: false,
    replies: [], events: [], actions: [], kit: {} as TurnContext['kit'], say: (key) => key,
  };
}

describe('the turn pipeline', () => {
  it('lists every stage file once, each named after its file, with safety first', () => {
    const files = readdirSync(join(REPO_ROOT, 'src/conversation/turn/stages')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(STAGES.map((s) => s.name).sort()).toEqual(files);
    expect(STAGES[0]!.name).toBe('screen-safety');
  });

  it('skips stages that do not accept the event and reports which stage handled it', async () => {
    const seen: string[] = [];
    const textOnly = defineStage({ name: 'text-only', accepts: ['text'], run: () => (seen.push('text-only'), 'done') });
    const any = defineStage({ name: 'any', accepts: ['text', 'follow_up_due'], run: () => (seen.push('any'), 'next') });
    const last = defineStage({ name: 'last', accepts: ['follow_up_due'], run: () => 'done' });
    const handledBy = await runStages([textOnly, any, last], contextFor({ kind: 'follow_up_due', followUp: 'did_you_go', jobId: 'j' }));
    expect(handledBy).toBe('last');
    expect(seen).toEqual(['any']);
  });

  it('names the stage and the kind of event when a stage fails', async () => {
    const broken = defineStage({ name: 'broken', accepts: ['text'], run: () => { throw new Error('geocoder down'); } });
    const failure = await runStages([broken], contextFor({ kind: 'text', text: 'hi' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TurnError);
    expect(failure).toMatchObject({ stage: 'broken', kind: 'text' });
  });
});
