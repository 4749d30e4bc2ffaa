import type { Condition, Scalar, ValueExpr } from './flow-schema.js';

export type Vars = Record<string, Scalar>;

/** Evaluate a structured condition against saved answers. A missing answer is "not answered". */
export function holds(condition: Condition, vars: Vars): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, vars));
  if ('any' in condition) return condition.any.some((c) => holds(c, vars));
  if ('not' in condition) return !holds(condition.not, vars);
  const value = vars[condition.var];
  const answered = value !== undefined;
  if (condition.answered !== undefined && condition.answered !== answered) return false;
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.in !== undefined && (value === undefined || !condition.in.includes(value))) return false;
  if (condition.gte !== undefined && !(typeof value === 'number' && value >= condition.gte)) return false;
  if (condition.lte !== undefined && !(typeof value === 'number' && value <= condition.lte)) return false;
  return true;
}

/** The value a `set` step computes, or undefined to leave the answer unset. */
export function evaluate(expr: ValueExpr, vars: Vars): Scalar | undefined {
  if (typeof expr !== 'object') return expr;
  if ('sum' in expr) {
    let total = 0;
    for (const name of expr.sum) {
      const v = vars[name];
      if (typeof v !== 'number') return undefined;
      total += v;
    }
    return total;
  }
  if ('copy' in expr) return vars[expr.copy];
  if ('difference' in expr) {
    const [a, b] = expr.difference.map((name) => vars[name]);
    return typeof a === 'number' && typeof b === 'number' ? a - b : undefined;
  }
  if ('clear' in expr) return undefined;
  const v = vars[expr.band];
  if (typeof v !== 'number') return undefined;
  return expr.bands.find((b) => v >= b.from && v <= b.to)?.name;
}

/** Variables a condition reads; used by the checks. */
export function varsIn(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(varsIn);
  if ('any' in condition) return condition.any.flatMap(varsIn);
  if ('not' in condition) return varsIn(condition.not);
  return [condition.var];
}
