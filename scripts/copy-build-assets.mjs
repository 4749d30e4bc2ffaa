// tsc compiles code only: copy the files the code reads next to itself (the chat page, the safety screen's concepts, rules and model,
// the intent model)
// into dist/, so `node dist/main.js` finds them exactly as `tsx src/main.ts` does.
import { cpSync } from 'node:fs';

for (const dir of ['server/public', 'insights/public', 'safety/concepts', 'safety/rules', 'safety/model', 'nlu/model']) cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true });
