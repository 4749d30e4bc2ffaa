import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { REPO_ROOT } from './test-bot.js';

const made: string[] = [];
// Registered once, when a test file imports this: copies made during its tests go when the file ends.
afterAll(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A copy of the repository's flows/ and content/ in a temporary folder, to edit as the comms team would;
 * removed when the test file ends. `edit` rewrites one file in place.
 */
export function copyBotFiles(prefix = 'signpost-files-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  made.push(root);
  for (const dir of ['flows', 'content']) cpSync(join(REPO_ROOT, dir), join(root, dir), { recursive: true });
  const edit = (file: string, change: (text: string) => string) => writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
  return { root, edit };
}
