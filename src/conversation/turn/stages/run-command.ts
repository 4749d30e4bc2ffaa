import type { Command } from '../../commands.js';
import { defineStage, type TurnState } from '../turn-context.js';

/**
 * A whole-message command (HELP, MENU, BACK, RESTART, LANGUAGE, DELETE, START, a language's name, a flow's
 * keyword such as CALLBACK) wherever the resident is.
 */
export const runCommand = defineStage({
  name: 'run-command',
  accepts: ['text'],
  run(ctx) {
    const { command, session } = ctx;
    if (!command) return 'next';
    if (typeof command === 'object' && 'flow' in command) {
      ctx.events.push({ name: 'command', props: { command: command.flow } });
      ctx.kit.flow.start(ctx, command.flow);
      return 'done';
    }
    if (typeof command === 'object') {
      session.locale = command.language;
      ctx.events.push({ name: 'command', props: { command: 'language' } });
      ctx.replies.push({ text: ctx.say('language.changed') });
      ctx.kit.flow.resumeOrStart(ctx);
      return 'done';
    }
    ctx.events.push({ name: 'command', props: { command } });
    carryOut(command, ctx);
    return 'done';
  },
});

function carryOut(command: Command, ctx: TurnState): void {
  const { session, replies, say, kit } = ctx;
  const { flow } = kit;
  switch (command) {
    case 'help':
      replies.push({ text: say('commands.help') });
      flow.rerender(ctx);
      return;
    case 'menu':
      flow.start(ctx, kit.menuFlow);
      return;
    case 'restart':
      replies.push({ text: say('commands.restarted') });
      flow.restart(ctx);
      return;
    case 'back':
      if (!flow.back(session)) replies.push({ text: say('commands.back_none') });
      flow.rerender(ctx);
      return;
    case 'language':
      session.pending = 'language';
      replies.push({ text: say('language.choose'), options: kit.localeNames.map((l) => kit.translate(l)('language.name')) });
      return;
    case 'delete':
      session.pending = 'delete';
      replies.push({ text: say('commands.delete_confirm'), options: [say('commands.delete_yes'), say('commands.delete_no')] });
      return;
    case 'no_follow_ups':
      // "No more messages": nothing scheduled is sent, and the number kept for it is erased.
      delete session.followUps;
      ctx.actions.push({ type: 'cancel_follow_ups' });
      replies.push({ text: say('commands.no_follow_ups') });
      flow.rerender(ctx);
      return;
    case 'start':
      replies.push({ text: say('commands.already_started') });
      flow.resumeOrStart(ctx);
      return;
    case 'stop':
      // honour-opt-out has already acted on it.
      return;
  }
}
