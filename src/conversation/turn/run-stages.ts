import { TurnError, type Stage, type TurnContext } from './turn-context.js';

/**
 * Run the stages in order until one handles the turn, skipping those that do not accept this kind of event.
 * Returns the name of the stage that handled it, or null when none did (the turn then says nothing).
 */
export async function runStages(stages: readonly Stage[], ctx: TurnContext): Promise<string | null> {
  for (const stage of stages) {
    if (!stage.accepts.includes(ctx.event.kind)) continue;
    let outcome;
    try {
      outcome = await stage.run(ctx);
    } catch (error) {
      throw new TurnError(stage.name, ctx.event.kind, error);
    }
    if (outcome === 'done') return stage.name;
  }
  return null;
}
