import { DefaultRenderer } from 'listr2';

/** The parts of listr2's DefaultRenderer (9.x) that pausing needs; they are private in its types. */
interface DefaultRendererInternals {
  spinner: { start(callback: () => void): void; stop(): void };
  updater?: { clear(): void };
  logger: { process: { hijack(): void; release(): void } };
}

/**
 * listr2's redrawing renderer, adapted for odin:
 * - it decides whether it may redraw by looking at process.stdout, but odin draws on stderr and
 *   keeps stdout for `--json`, so createRenderer makes that choice instead (`nonTTY`);
 * - it can hand the terminal to a prompt: paused, it stops redrawing, erases its frame and
 *   releases the stream, so a question is never drawn over (listr2 has no public pause).
 */
export class PausableDefaultRenderer extends DefaultRenderer {
  static override nonTTY = true;
  private paused = false;

  override update(): void {
    if (!this.paused) super.update();
  }

  /** Erases the task list and stops redrawing until `resume()`. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    const self = this as unknown as DefaultRendererInternals;
    self.spinner.stop();
    self.updater?.clear();
    self.logger.process.release();
  }

  /** Takes the stream back and redraws. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const self = this as unknown as DefaultRendererInternals;
    self.logger.process.hijack();
    self.spinner.start(() => this.update());
    this.update();
  }
}

/** A PausableDefaultRenderer class that reports each instance listr2 creates, so it can be paused. */
export function pausableRendererClass(
  onCreate: (renderer: PausableDefaultRenderer) => void,
): typeof PausableDefaultRenderer {
  return class ReportingRenderer extends PausableDefaultRenderer {
    constructor(...args: ConstructorParameters<typeof DefaultRenderer>) {
      super(...args);
      onCreate(this);
    }
  };
}
