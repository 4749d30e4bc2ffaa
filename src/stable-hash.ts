/**
 * FNV-1a, 32 bits: the same text always gives the same number, on every machine and run. Used to put a labelled
 * line in a cross-validation fold, so a line repeated in two files always lands in one fold.
 */
export function stableHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
