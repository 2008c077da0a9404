import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Config, Errors, flush, run, settings, type Interfaces } from '@oclif/core';

import { ExitCode, OdinError } from '../lib/errors/index.js';
import { colorEnabled } from '../lib/render/symbols.js';
import { classifyError, formatErrorJson, formatErrorText } from './error-output.js';
import { writeAndFlush } from './write-and-flush.js';

/** Where the help class lives, relative to the package root (oclif maps it to src/ in development). */
export const HELP_CLASS_PATH = './dist/cli/help.js';

/** How bin/run.js and bin/dev.js start odin. */
export interface RunCliOptions {
  argv: string[];
  /** `import.meta.url` of the bin script, from which oclif finds package.json. */
  binUrl: string;
  /** Run the TypeScript sources (bin/dev.js under tsx). */
  development?: boolean;
}

/**
 * Runs one odin invocation and ends the process with its exit code. The explicit exit is
 * deliberate: a socket left open by an SDK client must never keep a finished CI job waiting.
 */
export async function runCli(options: RunCliOptions): Promise<never> {
  let code: number;
  try {
    const config = await loadConfig(options);
    await run(options.argv, config);
    await flush();
    code = typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (error) {
    code = await reportUnhandled(error, options.argv);
  }
  process.exit(code);
}

/**
 * oclif's configuration, with the help class set (equivalent to `oclif.helpClass` in
 * package.json). In development the commands are read from src/ as TypeScript (bin/dev.js has
 * registered tsx), bypassing the oclif manifest that describes dist/.
 */
async function loadConfig(options: RunCliOptions): Promise<Config> {
  const binPath = fileURLToPath(options.binUrl);
  if (!options.development) {
    // The built CLI always runs dist/. Left on, oclif would try to register a TypeScript loader
    // and map dist/ to sources whenever NODE_ENV is "development" or "test", and warn users
    // with those shells that it found none.
    settings.enableAutoTranspile = false;
    const config = await Config.load(binPath);
    config.pjson.oclif.helpClass ??= HELP_CLASS_PATH;
    return config;
  }
  process.env.NODE_ENV = 'development';
  // oclif would map dist/ to src/ through tsconfig's rootDir, which is the repository root here.
  settings.enableAutoTranspile = false;
  const root = dirname(dirname(binPath));
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Interfaces.PJSON;
  pjson.oclif = { ...pjson.oclif, commands: './src/commands', helpClass: './src/cli/help.ts' };
  return Config.load({ root, pjson, ignoreManifest: true });
}

/** Errors that escaped a command (or happened before one ran): unknown command, broken install. */
async function reportUnhandled(error: unknown, argv: string[]): Promise<number> {
  if (error instanceof Errors.ExitError) return error.oclif.exit ?? ExitCode.Failure;
  const odin = unknownCommand(error) ?? classifyError(error);
  if (wantsJson(argv)) {
    await writeAndFlush(process.stdout, formatErrorJson(odin));
  } else {
    const color = colorEnabled(process.env, Boolean(process.stderr.isTTY));
    await writeAndFlush(process.stderr, formatErrorText(odin, { color }));
  }
  return odin.exitCode;
}

function unknownCommand(error: unknown): OdinError | undefined {
  if (!(error instanceof Errors.CLIError)) return undefined;
  const match = /^command (.+) not found$/.exec(error.message.trim());
  if (!match?.[1]) return undefined;
  const name = match[1].replaceAll(':', ' ');
  return new OdinError('NOT_FOUND', ExitCode.InvalidInput, `"${name}" is not an odin command`, {
    hint: 'Run `odin --help` to list the commands.',
  });
}

function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  const json = argv.indexOf('--json');
  return json !== -1 && (end === -1 || json < end);
}
