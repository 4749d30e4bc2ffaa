/** A mistake on the command line: the CLI prints this line and its usage, and exits with code 2. */
export class UsageError extends Error {}

/** node:util parseArgs errors, cut to their first sentence ("Unknown option '--x'"), as a UsageError. */
export function toUsageError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  return new UsageError(message.split(/\.\s|\n/)[0]!.replace(/\.$/, ''));
}
