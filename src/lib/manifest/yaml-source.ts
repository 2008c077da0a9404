/**
 * YAML parsing that keeps source positions, so every manifest issue can name a line and column.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { ManifestIssue } from '../errors/index.js';

/** A parsed manifest file with what is needed to point at any key in it. */
export interface ManifestSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Where a path points: line and column (1-based) and how many path segments exist in the file. */
export interface SourcePosition {
  line: number;
  column: number;
  depth: number;
}

const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'each key may appear once per map: remove or merge the repeated key',
  MISSING_CHAR: 'close the quote or bracket that starts here',
  BAD_INDENT: 'line this key up with the other keys of the same map',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line: check for a missing colon or unclosed quote above',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation: a nested map or list must be indented under its key',
  UNEXPECTED_TOKEN: 'check the quoting and indentation around this line',
};

/** How every YAML syntax issue's message starts. */
export const SYNTAX_PREFIX = 'invalid YAML: ';

/** Parses manifest text; YAML errors come back as issues with file, line and column. */
export function parseManifestSource(
  file: string,
  text: string,
): { source: ManifestSource; issues: ManifestIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const multiline = new Set(
    doc.errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]),
  );
  const unclosedQuote = new Set(
    doc.errors.filter((e) => e.code === 'MISSING_CHAR' && /quote/.test(e.message)).map((e) => e.pos[0]),
  );
  const issues = doc.errors
    // yaml reports an over-indented line twice; the multi-line report is the one that finds the line.
    .filter((error) => !(error.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(error.pos[0])))
    // An unclosed quote swallows the rest of the file, so any bracket it contains looks unclosed too.
    .filter((error) => !(error.code === 'BAD_INDENT' && unclosedQuote.has(error.pos[0])))
    .map((error) => syntaxIssue(file, text, lineCounter, error));
  return { source: { file, doc, lineCounter }, issues };
}

function syntaxIssue(file: string, text: string, lineCounter: LineCounter, error: YAMLError): ManifestIssue {
  const at = (offset: number) => lineCounter.linePos(offset);
  const issue = (offset: number, message: string, hint: string): ManifestIssue => {
    const { line, col } = at(offset);
    return { file, line, column: col, path: '', message: `${SYNTAX_PREFIX}${message}`, hint };
  };
  const message = firstLine(error.message);
  if (error.code === 'MULTILINE_IMPLICIT_KEY') {
    const lineStart = lineCounter.lineStarts[at(error.pos[1]).line - 1] ?? error.pos[1];
    const indented = lineStart + (/^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0);
    return issue(
      indented,
      'this line is indented more than the key above it',
      'line it up with its sibling keys, or nest it under a key that has no value on its line',
    );
  }
  if (error.code === 'MISSING_CHAR' && /quote/.test(message)) {
    const quote = message.includes("'") ? "'" : '"';
    const opening = text.lastIndexOf(quote, error.pos[0] - 1);
    return issue(
      opening >= 0 ? opening : error.pos[0],
      'this quoted string is never closed',
      `add the closing ${quote}`,
    );
  }
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? '';
    return issue(
      error.pos[0],
      `key \`${key}\` appears twice in the same map`,
      SYNTAX_HINTS.DUPLICATE_KEY ?? '',
    );
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    return issue(
      error.pos[0],
      'a second `key:` on the same line',
      'put the nested map on its own indented line, or quote a value that contains ": "',
    );
  }
  const flow = /^Flow (sequence|map)/.exec(message);
  if (flow) return flowIssue(text, lineCounter, error.pos[0], flow[1] === 'map' ? '{' : '[', issue);
  return issue(
    error.pos[0],
    message,
    SYNTAX_HINTS[error.code] ?? 'check the indentation and quoting around this line',
  );
}

type IssueAt = (offset: number, message: string, hint: string) => ManifestIssue;

const CLOSERS: Record<string, string> = { '{': '}', '[': ']' };

// yaml notices an unclosed flow collection only on the next line that is not indented enough;
// point at the bracket that opens it instead, and say whether it is closed later at all.
function flowIssue(text: string, lineCounter: LineCounter, at: number, kind: '{' | '[', issue: IssueAt) {
  const open = openBracketBefore(text, at, kind);
  const what = `${kind} ${kind === '{' ? 'map' : 'list'}`;
  const close = CLOSERS[kind] ?? '';
  if (open === undefined)
    return issue(at, `a ${what} does not end before this line`, `close the ${what} above with ${close}`);
  if (closingBracketAfter(text, open) !== undefined) {
    const hint = 'indent its continuation lines further than its key, or write it on one line';
    return issue(open, `the lines of this ${what} are not indented under its key`, hint);
  }
  const { line } = lineCounter.linePos(open);
  const written = text
    .slice(lineCounter.lineStarts[line - 1] ?? 0, lineCounter.lineStarts[line] ?? text.length)
    .trim()
    .replace(/\s+#.*$/, '');
  const padded = text[open + 1] === ' ' ? ` ${close}` : close;
  const hint =
    lineCounter.linePos(at).line === line + 1
      ? `close it on line ${line}: \`${written}${padded}\``
      : `add ${close} after its last entry`;
  return issue(open, `this ${what} is never closed`, hint);
}

// Scans the text up to `end`, skipping quoted strings and comments, for the innermost open bracket.
function openBracketBefore(text: string, end: number, kind: '{' | '['): number | undefined {
  const stack: number[] = [];
  scanBrackets(text, 0, end, (offset, char) => {
    if (char === '{' || char === '[') stack.push(offset);
    else stack.pop();
    return false;
  });
  const found = stack.filter((offset) => text[offset] === kind);
  return found.at(-1);
}

function closingBracketAfter(text: string, open: number): number | undefined {
  let depth = 0;
  let closed: number | undefined;
  scanBrackets(text, open, text.length, (offset, char) => {
    depth += char === '{' || char === '[' ? 1 : -1;
    if (depth === 0) closed = offset;
    return depth === 0;
  });
  return closed;
}

// Calls `visit` for each bracket outside quotes and comments; stops when it returns true.
function scanBrackets(
  text: string,
  from: number,
  to: number,
  visit: (offset: number, char: string) => boolean,
) {
  let quote: string | undefined;
  for (let offset = from; offset < to; offset++) {
    const char = text[offset] ?? '';
    if (quote) {
      if (char === quote || char === '\n') quote = undefined;
    } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(text[offset - 1] ?? '\n')) quote = char;
    else if (char === '#' && /\s/.test(text[offset - 1] ?? '\n')) offset = lineEnd(text, offset) - 1;
    else if ('{}[]'.includes(char) && visit(offset, char)) return;
  }
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** The node at a path of map keys and list indexes, or undefined. */
export function nodeAt(source: ManifestSource, path: ReadonlyArray<PropertyKey>): Node | undefined {
  return walk(source, path).node;
}

function walk(source: ManifestSource, path: ReadonlyArray<PropertyKey>) {
  let node = source.doc.contents as Node | null;
  let keyNode: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    let next: Node | undefined;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      next = (pair?.value as Node | null) ?? undefined;
      nextKey = (pair?.key as Node | null) ?? undefined;
      if (pair && !next) return { node: undefined, keyNode: nextKey, parent: node, depth: depth + 1 };
    } else if (isSeq(node) && typeof segment === 'number') {
      next = (node.items[segment] as Node | null) ?? undefined;
    }
    if (!next) return { node: undefined, keyNode, parent: node ?? undefined, depth };
    node = next;
    keyNode = nextKey;
    depth++;
  }
  return { node: node ?? undefined, keyNode, parent: undefined, depth };
}

/** Where to point for a path: the value (or the key, when asked) if present, else the nearest ancestor's key. */
export function positionOf(
  source: ManifestSource,
  path: ReadonlyArray<PropertyKey>,
  at: 'key' | 'value',
): SourcePosition {
  const found = walk(source, path);
  const target = (at === 'key' && found.keyNode) || found.node || found.keyNode || found.parent;
  const offset = target?.range?.[0] ?? 0;
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col, depth: found.depth };
}
