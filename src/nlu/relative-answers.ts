/** Where a phrase was found in a message's words: [start, end). */
export type Span = { intent: string; start: number; end: number };

/**
 * Days told by another ("every saturday, I'd rather the day after"): each `after` (or `before`) cue becomes the day
 * after (or before) the nearest day named ahead of it, and that day, only a reference, is no longer an answer.
 * A cue with no day ahead of it ("the day after tomorrow") is left alone.
 */
export function resolveRelativeDays<M extends Span, C extends Span>(
  answers: readonly M[],
  cues: { after: readonly C[]; before: readonly C[] },
  week: readonly string[],
  at: (intent: string, cue: C) => M,
): M[] {
  const references = new Set<M>();
  const told: M[] = [];
  for (const [cuesOfWay, step] of [[cues.after, 1], [cues.before, -1]] as const) {
    for (const cue of cuesOfWay) {
      const day = answers.filter((a) => week.includes(a.intent) && a.end <= cue.start).at(-1);
      if (!day) continue;
      references.add(day);
      told.push(at(week[(week.indexOf(day.intent) + step + week.length) % week.length]!, cue));
    }
  }
  return told.length ? [...answers.filter((a) => !references.has(a)), ...told] : [...answers];
}

/** Words that may join the answers of one excepted list ("saturday and sunday", "monday or friday"). */
const JOINING = 1;

/**
 * Exceptions ("any day but the weekend", "anything except sport", Urdu "weekend ke ilawa"): the answer named nearest
 * after a `before` cue (or before an `after` cue) in its sentence is what is not wanted. It becomes its complement
 * where the set has one (not the weekend: weekdays); otherwise it is dropped, and so is a catch-all in that sentence
 * ("any day but monday" is not "any day").
 */
export function applyExceptions<M extends Span>(
  answers: readonly M[],
  cues: { before: readonly Span[]; after: readonly Span[] },
  sameClause: (a: number, b: number) => boolean,
  complement: ReadonlyMap<string, string>,
  isCatchAll: (intent: string) => boolean,
): M[] {
  let out = [...answers];
  // Overlapping cues ("any time except", "except") except an answer once: its complement is not excepted again.
  const done = new Set<M>();
  const except = (cue: Span, excepted: M | undefined) => {
    if (!excepted) return;
    const other = complement.get(excepted.intent);
    const replaced = other ? { ...excepted, intent: other } : undefined;
    if (replaced) done.add(replaced);
    out = out.flatMap((a) => (a === excepted ? (replaced ? [replaced] : []) : other || !isCatchAll(a.intent) || !sameClause(a.start, cue.start) ? [a] : []));
  };
  const specific = () => out.filter((a) => !isCatchAll(a.intent) && !done.has(a)).sort((a, b) => a.start - b.start);
  // A list is excepted whole ("any day apart from saturday and sunday"): answers one joining word apart.
  const listFrom = (first: M | undefined, way: 1 | -1): M[] => {
    const list: M[] = [];
    for (let a = first; a; ) {
      list.push(a);
      const last = a;
      a = specific().find((b) => !list.includes(b) && sameClause(b.start, last.start) && (way === 1 ? b.start >= last.end && b.start - last.end <= JOINING : last.start >= b.end && last.start - b.end <= JOINING));
    }
    return list;
  };
  for (const cue of cues.before) for (const a of listFrom(specific().find((a) => a.start >= cue.end && sameClause(a.start, cue.end - 1)), 1)) except(cue, a);
  for (const cue of cues.after) for (const a of listFrom(specific().filter((a) => a.end <= cue.start && sameClause(a.end - 1, cue.start)).at(-1), -1)) except(cue, a);
  return out;
}
