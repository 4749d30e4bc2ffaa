/** A phrase word naming a concept of the intents file: `@relative`. */
const CONCEPT_WORD = /^@([a-z_]+)$/;

/**
 * Every phrase a concept phrase stands for: "lost my @relative" → "lost my mum", "lost my husband", …
 * A concept may not name another (lists stay flat and readable). Unknown concepts are the loader's to report.
 */
export function expandConcepts(phrase: string, concepts: Readonly<Record<string, readonly string[]>> = {}): string[] {
  let expanded = [''];
  for (const word of phrase.trim().split(/\s+/)) {
    const name = CONCEPT_WORD.exec(word)?.[1];
    const options = name ? (concepts[name] ?? []) : [word];
    expanded = expanded.flatMap((start) => options.map((o) => (start ? `${start} ${o}` : o)));
  }
  return expanded;
}

/** Concept names a phrase uses. */
export function conceptsIn(phrase: string): string[] {
  return phrase.split(/\s+/).flatMap((w) => CONCEPT_WORD.exec(w)?.[1] ?? []);
}
