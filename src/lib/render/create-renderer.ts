import { runningInCi } from '../ci/detect-ci.js';
import { createJsonRenderer } from './json-renderer.js';
import { createPlainRenderer } from './plain-renderer.js';
import type { OutputStream, Renderer } from './renderer.js';
import { colorEnabled, noColorRequested, prefersAscii, type RenderEnv } from './symbols.js';

/** What `--log-format` asks for; `auto` picks by terminal and environment. */
export type RenderFormat = 'auto' | 'plain' | 'json';

/** The renderer that will actually draw. */
export type RendererKind = 'listr2' | 'plain' | 'json';

/** Inputs to renderer selection; everything defaults to the real process. */
export interface CreateRendererOptions {
  format: RenderFormat;
  /** Defaults to process.stderr: stdout belongs to the `--json` result. */
  stream?: OutputStream;
  isTTY?: boolean;
  env?: RenderEnv;
  /** Plain timestamps in UTC rather than local time. */
  utc?: boolean;
  /** Draw debug-level log events too. */
  debug?: boolean;
}

/**
 * A task list only on a real terminal outside CI and without NO_COLOR (a redrawn list turns into
 * a wall of repeated frames in a log file); plain lines everywhere else.
 */
export function chooseRendererKind(format: RenderFormat, isTTY: boolean, env: RenderEnv): RendererKind {
  if (format !== 'auto') return format;
  if (!isTTY || runningInCi(env) || noColorRequested(env) || env.TERM === 'dumb') return 'plain';
  return 'listr2';
}

/** Builds the renderer for a format; listr2 is loaded only when it will be used. */
export async function createRenderer(options: CreateRendererOptions): Promise<Renderer> {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const isTTY = options.isTTY ?? Boolean(stream.isTTY);
  const kind = chooseRendererKind(options.format, isTTY, env);
  if (kind === 'json') return createJsonRenderer(stream);
  if (kind === 'plain') {
    return createPlainRenderer({
      stream,
      ascii: prefersAscii(env),
      color: colorEnabled(env, isTTY),
      utc: options.utc,
      debug: options.debug,
    });
  }
  const { createListr2Renderer } = await import('./listr2-renderer.js');
  return createListr2Renderer({ stream, debug: options.debug });
}
