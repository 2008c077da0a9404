import type { Clock } from '../clock/clock.js';
import { toOdinError } from '../errors/odin-error.js';
import type { EventSink, LogLevel } from './event.js';

export interface StepTitles {
  /** Imperative, shown while running: "Creating fleet". */
  running: string;
  /** Past tense, shown when done: "Created fleet checkout-r42". May depend on the step's result. */
  done: string | ((result: never) => string);
}

/**
 * A thin convenience over an EventSink that stamps times from the clock and wraps a unit of
 * work in start/done/fail events, so domain code reads as a list of steps.
 */
export class Reporter {
  constructor(
    readonly sink: EventSink,
    readonly clock: Clock,
  ) {}

  /** Runs `work` as a named step, emitting start, then done or fail (and rethrowing). */
  async step<T>(
    step: string,
    titles: { running: string; done: string | ((result: T) => string) },
    work: () => Promise<T>,
  ): Promise<T> {
    const started = this.clock.now();
    this.sink({ type: 'step.start', step, title: titles.running, at: started });
    try {
      const result = await work();
      const title = typeof titles.done === 'function' ? titles.done(result) : titles.done;
      this.sink({
        type: 'step.done',
        step,
        title,
        at: this.clock.now(),
        durationMs: this.clock.now() - started,
      });
      return result;
    } catch (error) {
      const odin = toOdinError(error);
      this.sink({
        type: 'step.fail',
        step,
        title: titles.running,
        error: { code: odin.code, message: odin.message, hint: odin.hint },
        at: this.clock.now(),
        durationMs: this.clock.now() - started,
      });
      throw error;
    }
  }

  progress(step: string, detail: string, data?: Record<string, unknown>): void {
    this.sink({ type: 'step.progress', step, detail, data, at: this.clock.now() });
  }

  skip(step: string, title: string, reason: string): void {
    this.sink({ type: 'step.skip', step, title, reason, at: this.clock.now() });
  }

  log(level: LogLevel, message: string, data?: Record<string, unknown>): void {
    this.sink({ type: 'log', level, message, data, at: this.clock.now() });
  }
}
