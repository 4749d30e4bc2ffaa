import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flowFileSchema } from '../../src/flow/flow-schema.js';
import { REPO_ROOT } from '../support/test-bot.js';

/** The flow reference can't drift from the code: every complete example in it must validate. */
describe('docs/flows.md examples', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'flows.md'), 'utf8');
  const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => y.includes('version: 1'));

  it('has examples for every step type', () => {
    const types = new Set(examples.flatMap((y) => [...y.matchAll(/type: (\w+)/g)].map((m) => m[1])));
    expect([...types].sort()).toEqual(['branch', 'choice', 'end', 'message', 'schedule', 'set', 'text']);
  });

  for (const [i, example] of examples.entries()) {
    it(`example ${i + 1} is a valid flow`, () => {
      const result = flowFileSchema.safeParse(parse(example));
      expect(result.success ? [] : result.error.issues).toEqual([]);
    });
  }
});
