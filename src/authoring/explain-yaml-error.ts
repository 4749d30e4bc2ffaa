import type { YAMLError } from 'yaml';

/** A YAML mistake in words a comms officer knows, pinned on the line to change. */
export interface YamlExplanation {
  line: number;
  message: string;
  fix: string;
}

/** Characters that start something other than a text in YAML, so a text starting with one needs quotes. */
const SPECIAL_START = /^[*&!%@`]/;

/**
 * The yaml library reports where parsing stopped, in parser terms, often a line after the real mistake.
 * Look at the source around that point and name the mistake a person made, on the line they made it.
 */
export function explainYamlError(source: string, error: YAMLError): YamlExplanation {
  const lines = source.split(/\r?\n/);
  const at = error.linePos?.[0].line ?? 1;
  const text = (n: number) => lines[n - 1] ?? '';

  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { line: at, message: 'this line is indented with a tab', fix: 'use spaces to indent, never tabs' };
    case 'DUPLICATE_KEY': {
      const key = partsOf(text(at)).key ?? 'this name';
      const first = findUpwards(lines, at, (l) => indentOf(l) === indentOf(text(at)) && partsOf(l).key === key);
      return {
        line: at,
        message: `'${key}' is written twice in the same group${first ? ` (also on line ${first})` : ''}`,
        fix: 'keep one of them, or rename one',
      };
    }
    case 'MULTIPLE_DOCS':
      return { line: at, message: "'---' starts a second document, and a file holds one", fix: "remove the '---' line" };
    case 'MISSING_CHAR':
      if (/quote/i.test(error.message)) {
        const opened = findUpwards(lines, at + 1, (l) => unclosedQuote(partsOf(l).value) !== null);
        const line = opened ?? at;
        const quote = unclosedQuote(partsOf(text(line)).value) ?? '"';
        return { line, message: `this text opens a quote (${quote}) but never closes it`, fix: `add ${quote} at the end of the text` };
      }
      break;
  }

  if (/flow (sequence|map)/i.test(error.message)) {
    const open = findUpwards(lines, at + 1, (l) => /^[[{]/.test(partsOf(l).value) && !/[\]}]$/.test(partsOf(l).value));
    if (open) {
      const symbol = partsOf(text(open)).value[0];
      return { line: open, message: `a text starting with '${symbol}' needs quotes`, fix: `put the whole text in double quotes, or close the list with '${symbol === '[' ? ']' : '}'}'` };
    }
  }
  const here = partsOf(text(at));
  if (SPECIAL_START.test(here.value)) {
    return { line: at, message: `a text starting with '${here.value[0]}' needs quotes`, fix: 'put the whole text in double quotes: "…"' };
  }
  if (here.value.startsWith("'") || here.value.startsWith('"')) {
    return {
      line: at,
      message: `this text starts with a quote (${here.value[0]}) but more words follow the closing quote`,
      fix: `put the whole text in double quotes, and write any " inside it as \\"`,
    };
  }
  if (/: |:$/.test(here.value) && !/^[[{]/.test(here.value)) {
    return { line: at, message: "a text containing ': ' needs quotes", fix: 'put the whole text in double quotes: "…"' };
  }
  if (here.item && indentOf(text(at)) <= indentOf(text(previousFilled(lines, at)))) {
    return { line: at, message: "a list item ('- ') sits among 'name: text' lines", fix: 'indent the list under the name it belongs to, or remove the "- "' };
  }
  if (error.code === 'BAD_INDENT' && /same column/.test(error.message)) return misaligned(lines, at);
  const next = nextFilled(lines, at);
  const nameWithoutColon = /^[a-z_][\w.]*$/i.test(here.value) && !here.key && !here.item;
  if (next && nameWithoutColon && indentOf(text(next)) > indentOf(text(at))) {
    return { line: at, message: `'${here.value}' needs a ':' after it`, fix: `write ${here.value}:` };
  }
  const squashed = /^([a-z_][\w.]*):(\S.*)$/i.exec(text(at).trim());
  if (squashed) {
    return { line: at, message: `'${squashed[1]}' needs a space after its ':'`, fix: `write ${squashed[1]}: ${squashed[2]}` };
  }
  if (next && here.value && indentOf(text(next)) > indentOf(text(at))) {
    return { line: next, message: 'this line is indented further than the one above', fix: 'line it up with the line above' };
  }
  if (error.code === 'BAD_INDENT' || error.code === 'BLOCK_AS_IMPLICIT_KEY') return misaligned(lines, at);
  return { line: at, message: 'this line cannot be read', fix: 'compare it with a line that works: indentation, quotes and the ": " after each name' };
}

function misaligned(lines: string[], at: number): YamlExplanation {
  const above = previousFilled(lines, at);
  const spaces = indentOf(lines[at - 1] ?? '');
  const aboveSpaces = indentOf(lines[above - 1] ?? '');
  return {
    line: at,
    message: `this line is not lined up with the lines above it (it is indented ${spaces} spaces; line ${above} is indented ${aboveSpaces})`,
    fix: 'indent it exactly as far as the other names in its group',
  };
}

/** `  - key: value` → indent, whether it is a list item, the key and the value (trimmed). */
function partsOf(line: string): { item: boolean; key: string | undefined; value: string } {
  let rest = line.trim();
  const item = rest.startsWith('- ') || rest === '-';
  if (item) rest = rest.slice(1).trim();
  if (rest.startsWith('#')) return { item, key: undefined, value: '' };
  if (/^[[{]/.test(rest)) return { item, key: undefined, value: rest };
  const colon = /^([^'"\s][^:#]*?):(?: +|$)/.exec(rest);
  if (!colon) return { item, key: undefined, value: rest };
  return { item, key: colon[1], value: rest.slice(colon[0].length).trim() };
}

function unclosedQuote(value: string): string | null {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return null;
  const body = value.slice(1).replace(quote === '"' ? /\\./g : /''/g, '');
  return body.includes(quote) ? null : quote;
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

function isFilled(line: string | undefined): boolean {
  return line !== undefined && line.trim() !== '' && !line.trim().startsWith('#');
}

function nextFilled(lines: string[], line: number): number | undefined {
  for (let n = line + 1; n <= lines.length; n++) if (isFilled(lines[n - 1])) return n;
  return undefined;
}

function previousFilled(lines: string[], line: number): number {
  for (let n = line - 1; n >= 1; n--) if (isFilled(lines[n - 1])) return n;
  return line;
}

/** The nearest line at or above `before - 1` that matches, looking back at most `limit` lines. */
function findUpwards(lines: string[], before: number, match: (line: string) => boolean, limit = Infinity): number | undefined {
  for (let n = before - 1, seen = 0; n >= 1 && seen < limit; n--, seen++) if (match(lines[n - 1] ?? '')) return n;
  return undefined;
}
