/** The marks at the start of each drawn line; ASCII where the terminal may not show Unicode. */
export interface Symbols {
  run: string;
  start: string;
  progress: string;
  done: string;
  skip: string;
  fail: string;
  info: string;
  warn: string;
  error: string;
  debug: string;
  dash: string;
}

/** Unicode marks for capable terminals. */
export const UNICODE_SYMBOLS: Symbols = {
  run: '▶',
  start: '›',
  progress: '·',
  done: '✓',
  skip: '↷',
  fail: '✗',
  info: 'ℹ',
  warn: '⚠',
  error: '✗',
  debug: '·',
  dash: '—',
};

/** Plain ASCII marks for NO_COLOR and dumb terminals, whose logs often mangle Unicode. */
export const ASCII_SYMBOLS: Symbols = {
  run: '>',
  start: '>',
  progress: '.',
  done: '+',
  skip: '-',
  fail: 'x',
  info: 'i',
  warn: '!',
  error: 'x',
  debug: '.',
  dash: '-',
};

/** Environment variables that decide how output is drawn. */
export type RenderEnv = Readonly<Record<string, string | undefined>>;

/** True when NO_COLOR is set (to anything but empty), per no-color.org. */
export function noColorRequested(env: RenderEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** ASCII-only output for NO_COLOR and TERM=dumb. */
export function prefersAscii(env: RenderEnv): boolean {
  return noColorRequested(env) || env.TERM === 'dumb';
}

/** Colour on a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR turns it on for CI logs. */
export function colorEnabled(env: RenderEnv, isTTY: boolean): boolean {
  if (noColorRequested(env) || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY;
}
