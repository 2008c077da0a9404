import type { OdinError } from '../lib/errors/index.js';
import type { EventSink, RunEndEvent, RunStartEvent } from '../lib/events/event.js';

/**
 * What the progress display has already told the user about a run: its start, its end and the
 * messages of failed steps. The closing error is printed around it, so that each of the
 * message, the hint and the exit code is shown once.
 */
export class RunTranscript {
  start?: RunStartEvent;
  end?: RunEndEvent;
  private readonly failedSteps = new Set<string>();

  /** The sink to draw through: events pass on unchanged and are remembered. */
  wrap(sink: EventSink): EventSink {
    return (event) => {
      if (event.type === 'run.start') this.start = event;
      if (event.type === 'run.end') this.end = event;
      if (event.type === 'step.fail') this.failedSteps.add(event.error.message);
      sink(event);
    };
  }

  /** True when a failed step's line showed this error's message and the run's end line its exit code. */
  showed(error: OdinError): boolean {
    return this.end?.exitCode === error.exitCode && this.failedSteps.has(error.message);
  }
}
