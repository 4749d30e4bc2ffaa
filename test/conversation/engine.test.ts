import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuntimeBot } from '../../src/runtime-bot.js';
import { parseSession, serialiseSession } from '../../src/conversation/session.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { REPO_ROOT, Resident, replyText, testBot } from '../support/test-bot.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the repository's flows with one edit, as the comms team might make between two messages. */
function editedFlows(edit: (files: { read: (f: string) => string; write: (f: string, text: string) => void }) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'signpost-edit-'));
  made.push(root);
  cpSync(join(REPO_ROOT, 'flows'), join(root, 'flows'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'content'), join(root, 'content'));
  edit({ read: (f) => readFileSync(join(root, 'flows', f), 'utf8'), write: (f, text) => writeFileSync(join(root, 'flows', f), text) });
  return root;
}

describe('the engine', () => {
  it('restarts gently, never crashes, when a flow edit removed the step a resident was on', async () => {
    const resident = new Resident(await testBot());
    await resident.says('hi');
    await resident.says('1');
    await resident.says('2');
    expect(resident.session?.at).toBe('checkin.left_out');

    const root = editedFlows(({ read, write }) => {
      const checkin = read('checkin.yaml')
        .replaceAll('next: left_out }', 'next: isolated }')
        .replace(/\n  left_out:\n(    .*\n|      .*\n)*/, '\n')
        .replace('skip: left_out', 'skip: isolated');
      write('checkin.yaml', checkin);
    });
    const edited = await loadRuntimeBot({ root });
    expect(edited.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const result = await edited.bot!.engine.runTurn({ session: resident.session, message: { text: '2' }, now: resident.now + 1000 });
    const text = replyText(result.replies);
    expect(text).toContain("we've made some changes");
    expect(text).toContain('this is Signpost');
    expect(result.session?.at).toBe('welcome.offer_checkin');
    expect(result.session?.flows).toBe(edited.bot!.engine.flowsVersion);
    expect(result.events.map((e) => e.name)).toContain('flow_changed_restart');
  });

  it('keeps a conversation going across a flow edit that left its step in place', async () => {
    const resident = new Resident(await testBot());
    await resident.says('hi');
    await resident.says('1');
    const root = editedFlows(({ read, write }) => write('menu.yaml', read('menu.yaml').replace('description: Everything', 'description: All')));
    const edited = (await loadRuntimeBot({ root })).bot!;
    expect(edited.engine.flowsVersion).not.toBe(resident.session?.flows);
    const result = await edited.engine.runTurn({ session: resident.session, message: { text: '3' }, now: resident.now + 1000 });
    expect(replyText(result.replies)).toContain('How often do you feel left out?');
    expect(result.session?.vars.companionship).toBe(3);
    expect(result.session?.flows).toBe(edited.engine.flowsVersion);
  });

  it('treats an unreadable or older stored session as a new conversation', async () => {
    expect(parseSession('{not json')).toBeNull();
    expect(parseSession(JSON.stringify({ v: 0, at: 'x' }))).toBeNull();
    const resident = new Resident(await testBot());
    resident.session = parseSession('{"v":99}');
    expect(await resident.says('2')).toContain('this is Signpost');
  });

  it('round-trips a session through a store unchanged and small', async () => {
    const resident = new Resident(await testBot());
    for (const text of ['hi', '1', '3', '3', '3', '1', '1', '3']) await resident.says(text);
    const store = new MemoryStore();
    await store.commitTurn('c1', { session: serialiseSession(resident.session!), sessionTtlSeconds: 60 });
    const restored = parseSession(await store.getSession('c1'));
    expect(restored).toEqual(resident.session);
    expect(serialiseSession(resident.session!).length).toBeLessThan(600);
  });

  it('never stores the words a resident wrote, only categories', async () => {
    const resident = new Resident(await testBot());
    for (const text of ['hi', 'menu', '2', '9', '7', 'the buses to my village were cut']) await resident.says(text);
    const stored = serialiseSession(resident.session!);
    expect(stored).not.toContain('buses');
    expect(resident.session?.vars.event).toBe('something_else');
  });

  it('reports anonymous analytics events and nothing a resident wrote', async () => {
    const bot = await testBot();
    const first = await bot.engine.runTurn({ session: null, message: { text: 'my name is Ann Smith' }, now: 1 });
    expect(first.events.map((e) => e.name)).toEqual(['conversation_started', 'step_entered', 'step_entered']);
    expect(JSON.stringify(first.events)).not.toContain('Ann');
  });

  it('answers a 2,000-character message without slowing down or echoing it', async () => {
    const resident = new Resident(await testBot());
    await resident.says('hi');
    const long = 'I wanted to say '.repeat(125);
    const reply = await resident.says(long);
    expect(reply).not.toContain('I wanted to say');
    expect(resident.session?.at).toBe('welcome.offer_checkin');
  });
});
