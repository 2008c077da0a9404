import { format } from 'node:util';

import { Command, Errors } from '@oclif/core';
import type { CommandError } from '@oclif/core/interfaces';

import { runningInCi } from '../lib/ci/detect-ci.js';
import { ExitCode, InterruptedError, type OdinError } from '../lib/errors/index.js';
import type { EventSink } from '../lib/events/event.js';
import { secrets } from '../lib/events/redactor.js';
import { colorEnabled } from '../lib/render/symbols.js';
import { awsCallTotals } from './aws-call-count.js';
import { CiOutput } from './ci-output.js';
import {
  classifyError,
  formatErrorEvent,
  formatErrorJson,
  formatErrorText,
  type FlagShape,
} from './error-output.js';
import { EventOutput } from './event-output.js';
import { globalFlags, LOG_FORMATS, type GlobalFlags, type LogFormat } from './global-flags.js';
import { listenForInterrupt, type InterruptHandle } from './interrupt.js';
import { RunTranscript } from './run-transcript.js';
import { writeAndFlush } from './write-and-flush.js';

/**
 * The base of every odin command. Subclasses implement `run()` and return a typed result, which
 * `--json` prints on stdout (and nothing else goes to stdout). Progress goes to stderr through
 * `this.events()`; every failure becomes an OdinError, printed with its hint, and ends the
 * process with that error's exit code.
 *
 * Typed flags: call `const { flags, args } = await this.parse(MyCommand)` in `run()`. The global
 * flags are also parsed before `run()` into `this.globals`, so output and errors honour them.
 */
export abstract class OdinCommand<T> extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = globalFlags;

  /** The global flags of this invocation, parsed before `run()`. */
  protected globals: GlobalFlags = {
    manifest: 'odin.yml',
    env: undefined,
    region: undefined,
    profile: undefined,
    simulate: false,
    'log-format': 'auto',
    json: undefined,
  };

  private globalsParsed = false;
  private output?: EventOutput;
  private sink?: EventSink;
  private ciOutput?: CiOutput;
  private readonly transcript = new RunTranscript();
  private interrupt?: InterruptHandle;

  abstract override run(): Promise<T>;

  protected override async init(): Promise<void> {
    await super.init();
    const { flags } = await this.parse();
    this.globals = flags as unknown as GlobalFlags;
    this.globalsParsed = true;
  }

  /** The sink to pass to domain code; the renderer chosen by `--log-format` draws it on stderr. */
  protected events(): EventSink {
    this.output ??= new EventOutput({ format: this.logFormat(), debug: debugRequested() });
    // Redacted first, so the transcript, CI annotations and the renderer all see the same events.
    this.sink ??= secrets.wrap(this.transcript.wrap(this.ci().wrap(this.output.sink)));
    return this.sink;
  }

  /** Draws what is left of the progress display and releases the terminal. Call in `finally`. */
  protected async finishEvents(): Promise<void> {
    await this.output?.finish();
  }

  /** Runs `prompt` with the progress display paused, so a question is never drawn over. */
  protected async withTerminal<R>(prompt: () => Promise<R>): Promise<R> {
    await this.output?.pause();
    try {
      return await prompt();
    } finally {
      await this.output?.resume();
    }
  }

  /** True when a person can answer a prompt: terminals on both ends, not CI, not `--json`. */
  protected isInteractive(): boolean {
    const terminals = Boolean(process.stdin.isTTY && process.stderr.isTTY);
    return terminals && !runningInCi(process.env) && !this.jsonEnabled();
  }

  /** Aborts with an InterruptedError on the first SIGINT/SIGTERM; a second exits 130 at once. */
  protected abortSignal(): AbortSignal {
    this.interrupt ??= listenForInterrupt();
    return this.interrupt.signal;
  }

  protected override async catch(error: CommandError): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const odin = secrets.redactError(classifyError(error, this.id, this.flagShapes()));
    await this.finishEvents();
    this.ci().reportError(odin);
    await this.printError(odin);
    this.exit(odin.exitCode);
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.finishEvents();
    await this.ciOutput?.finish();
    this.interrupt?.dispose();
    // The domain is expected to throw the abort reason; if it finished anyway, the user still
    // asked to stop, and CI must not read the run as a plain success.
    if (!error && this.interrupt?.signal.aborted) process.exitCode = ExitCode.Interrupted;
    await super.finally(error);
  }

  /** stdout, with any secret the run has read redacted (see Redactor). */
  override log(message = '', ...args: unknown[]): void {
    super.log(secrets.redact(format(message, ...args)));
  }

  /** stderr, with any secret the run has read redacted. */
  override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(secrets.redact(format(message, ...args)));
  }

  protected override logJson(json: unknown): void {
    process.stdout.write(JSON.stringify(secrets.redactDeep(json), null, 2) + '\n');
  }

  /** Every `--json` result object also says how many AWS calls the command made. */
  protected override toSuccessJson(result: unknown): unknown {
    const awsCalls = awsCallTotals();
    if (!awsCalls || !isPlainObject(result) || 'awsCalls' in result) return result;
    return { ...result, awsCalls };
  }

  private ci(): CiOutput {
    this.ciOutput ??= new CiOutput(this.logFormat(), this.id, this.transcript);
    return this.ciOutput;
  }

  /** `--log-format`, read from the arguments when parsing them failed (the error must honour it too). */
  private logFormat(): LogFormat {
    return this.globalsParsed ? this.globals['log-format'] : logFormatIn(this.argv);
  }

  private flagShapes(): Record<string, FlagShape> {
    return { ...this.ctor.baseFlags, ...this.ctor.flags } as Record<string, FlagShape>;
  }

  /**
   * `--json` puts the error on stdout; the JSON event stream ends with it as one more line; on
   * the other renderers it follows the progress, leaving out what the progress already showed.
   */
  private async printError(error: OdinError): Promise<void> {
    if (this.jsonEnabled()) {
      const awsCalls = awsCallTotals();
      await writeAndFlush(process.stdout, formatErrorJson(error, awsCalls ? { awsCalls } : {}));
    }
    if (this.logFormat() === 'json') {
      await writeAndFlush(process.stderr, formatErrorEvent(error));
      return;
    }
    if (this.jsonEnabled()) return;
    const color = colorEnabled(process.env, Boolean(process.stderr.isTTY));
    const shown = this.transcript.showed(error);
    await writeAndFlush(process.stderr, formatErrorText(error, { color, stack: debugRequested(), shown }));
  }
}

/** An InterruptedError for the current abort signal, for commands that check it themselves. */
export function interruptedReason(signal: AbortSignal): InterruptedError {
  return signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError();
}

function logFormatIn(argv: readonly string[]): LogFormat {
  const at = argv.indexOf('--log-format');
  const value = at === -1 ? argv.find((arg) => arg.startsWith('--log-format='))?.slice(13) : argv[at + 1];
  return LOG_FORMATS.find((format) => format === value) ?? 'auto';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function debugRequested(): boolean {
  const value = process.env.ODIN_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
