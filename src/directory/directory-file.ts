import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIRECTORY_FILE_VERSION, directoryFileSchema, type DirectoryFile, type Entry } from './model.js';

export const DEFAULT_DIRECTORY_FILE = 'content/directory/directory.json';

/** The file the bot loads: DIRECTORY_FILE overrides the default. */
export function directoryFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DIRECTORY_FILE || DEFAULT_DIRECTORY_FILE;
}

/**
 * Write beside the target then rename: rename is atomic on one filesystem, so a bot reading the file
 * sees the old directory or the new one, never half of one.
 */
export function writeDirectoryFile(path: string, entries: readonly Entry[], source: string, now = new Date()): DirectoryFile {
  const file = directoryFileSchema.parse({
    version: DIRECTORY_FILE_VERSION,
    generatedAt: now.toISOString(),
    source,
    entries,
  });
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(file, null, 1)}\n`);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}

/** Read and validate; throws with the zod issues if the file is not a directory we wrote. */
export function readDirectoryFile(path: string): DirectoryFile {
  return directoryFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
