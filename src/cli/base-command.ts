import { Command, Errors } from '@oclif/core';
import type { CommandError } from '@oclif/core/interfaces';

import { ExitCode, InterruptedError, type OdinError } from '../lib/errors/index.js';
import type { EventSink } from '../lib/events/event.js';
import { colorEnabled } from '../lib/render/symbols.js';
import { CiOutput } from './ci-output.js';
import { classifyError, formatErrorJson, formatErrorText } from './error-output.js';
import { EventOutput } from './event-output.js';
import { globalFlags, type GlobalFlags } from './global-flags.js';
import { listenForInterrupt, type InterruptHandle } from './interrupt.js';
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

  private output?: EventOutput;
  private sink?: EventSink;
  private ciOutput?: CiOutput;
  private interrupt?: InterruptHandle;

  abstract override run(): Promise<T>;

  protected override async init(): Promise<void> {
    await super.init();
    const { flags } = await this.parse();
    this.globals = flags as unknown as GlobalFlags;
  }

  /** The sink to pass to domain code; the renderer chosen by `--log-format` draws it on stderr. */
  protected events(): EventSink {
    this.output ??= new EventOutput({ format: this.globals['log-format'], debug: debugRequested() });
    this.sink ??= this.ci().wrap(this.output.sink);
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
    const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
    return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !ci && !this.jsonEnabled();
  }

  /** Aborts with an InterruptedError on the first SIGINT/SIGTERM; a second exits 130 at once. */
  protected abortSignal(): AbortSignal {
    this.interrupt ??= listenForInterrupt();
    return this.interrupt.signal;
  }

  protected override async catch(error: CommandError): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const odin = classifyError(error, this.id);
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

  protected override logJson(json: unknown): void {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  }

  private ci(): CiOutput {
    this.ciOutput ??= new CiOutput(this.globals['log-format'], this.id);
    return this.ciOutput;
  }

  private async printError(error: OdinError): Promise<void> {
    if (this.jsonEnabled()) {
      await writeAndFlush(process.stdout, formatErrorJson(error));
      return;
    }
    const color = colorEnabled(process.env, Boolean(process.stderr.isTTY));
    await writeAndFlush(process.stderr, formatErrorText(error, { color, stack: debugRequested() }));
  }
}

/** An InterruptedError for the current abort signal, for commands that check it themselves. */
export function interruptedReason(signal: AbortSignal): InterruptedError {
  return signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError();
}

function debugRequested(): boolean {
  const value = process.env.ODIN_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
