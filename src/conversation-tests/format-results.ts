import type { ScriptResult } from './run-script.js';

/** Results as a comms officer reads them: a tick per conversation, and for a failure what changed and where. */
export function formatResult(result: ScriptResult): string {
  if (result.passed) return `✓ ${result.file}: ${result.title}`;
  const { failure } = result;
  const reply = failure.reply ? failure.reply.split('\n').map((l) => `        ${l}`).join('\n') : '        (nothing)';
  return [
    `✗ ${result.file}: ${result.title}`,
    `    ${result.file}:${failure.line}: turn ${failure.turn} of ${result.turns}, ${failure.happened}`,
    ...failure.problems.map((p) => `    - ${p}`),
    '      The bot replied:',
    reply,
  ].join('\n');
}
