import { writeFileSync } from 'node:fs';
import { createSafetyScreen, loadSafetyLexicon } from '../../src/safety/index.js';
import { decidingFingerprint, decisionLine, PINNED_FILE, pinnedMessages } from './pinned-decisions.js';

// npm run safety:pin-decisions: write the screen's current decisions to the fixture (see pinned-decisions.ts).
const screen = createSafetyScreen(loadSafetyLexicon());
const lines = pinnedMessages().map((text) => decisionLine(screen, text));
writeFileSync(PINNED_FILE, `# fingerprint ${decidingFingerprint()}: id, decision, language, rule hit, classifier, risk\n${lines.join('\n')}\n`);
console.log(`pinned ${lines.length} decisions in ${PINNED_FILE}`);
