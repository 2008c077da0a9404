import {
  Listr,
  ListrLogger,
  ProcessOutput,
  SimpleRenderer,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';

import type { LogEvent, OdinEvent, RunEndEvent } from '../events/event.js';
import { formatElapsed } from './format-elapsed.js';
import { pausableRendererClass, PausableDefaultRenderer } from './listr2-terminal.js';
import type { OutputStream, Renderer } from './renderer.js';
import { UNICODE_SYMBOLS } from './symbols.js';

/** Options of the terminal task list. */
export interface Listr2RendererOptions {
  stream: OutputStream;
  /** Also show debug-level log lines. */
  debug?: boolean;
  /** `simple` writes one line per change instead of redrawing; for tests and odd terminals. */
  mode?: 'default' | 'simple';
}

type Context = Record<string, never>;
type Wrapper = ListrTaskWrapper<Context, typeof PausableDefaultRenderer, typeof SimpleRenderer>;
type Task = ListrTask<Context, typeof PausableDefaultRenderer, typeof SimpleRenderer>;
type StepEnd =
  | { kind: 'done'; title: string }
  | { kind: 'fail'; title: string; message: string }
  | { kind: 'skip'; title: string; reason: string };

/** One step as a task: it opens on step.start and settles on done, fail or skip. */
class StepView {
  private wrapper?: Wrapper;
  private output?: string;
  private settled = false;
  private settle: (end: StepEnd) => void = () => {};
  private readonly ended = new Promise<StepEnd>((resolve) => (this.settle = resolve));

  constructor(readonly title: string) {}

  progress(detail: string): void {
    this.output = detail;
    if (this.wrapper) this.wrapper.output = detail;
  }

  end(end: StepEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(end);
  }

  task(): Task {
    return { title: this.title, task: (_ctx, wrapper) => this.run(wrapper) };
  }

  private async run(wrapper: Wrapper): Promise<void> {
    this.wrapper = wrapper;
    if (this.output !== undefined) wrapper.output = this.output;
    const end = await this.ended;
    wrapper.title = end.title;
    if (end.kind === 'skip') wrapper.skip(end.reason);
    if (end.kind === 'fail') throw new Error(end.message);
  }
}

/**
 * A listr2 task list fed by a stream of events. listr2 wants its tasks up front, but steps are
 * only known as they start, so the list grows through "slots": an untitled task that waits for
 * the next step.start and then returns that step plus a fresh slot as subtasks. Untitled tasks
 * add no indentation, so the list still reads flat. Log lines go to a bottom bar.
 */
class Listr2EventRenderer implements Renderer {
  private readonly steps = new Map<string, StepView>();
  private waiting: StepView[] = [];
  private wakeSlot?: () => void;
  private closed = false;
  private paused = false;
  private queued: OdinEvent[] = [];
  private notes?: Wrapper;
  private readonly pendingNotes: string[] = [];
  private closeNotes: () => void = () => {};
  private readonly notesClosed = new Promise<void>((resolve) => (this.closeNotes = resolve));
  private end?: RunEndEvent;
  private terminal?: PausableDefaultRenderer;
  private readonly running: Promise<unknown>;
  private finished?: Promise<void>;

  constructor(private readonly options: Listr2RendererOptions) {
    this.running = this.list()
      .run()
      .catch(() => undefined);
  }

  readonly sink = (event: OdinEvent): void => {
    if (this.paused) {
      this.queued.push(event);
      return;
    }
    try {
      this.apply(event);
    } catch {
      // Drawing must never break a deploy; a lost progress line is the lesser harm.
    }
  };

  pause(): void {
    this.paused = true;
    this.terminal?.pause();
  }

  resume(): void {
    this.terminal?.resume();
    this.paused = false;
    for (const event of this.queued.splice(0)) this.sink(event);
  }

  finish(): Promise<void> {
    this.finished ??= this.close();
    return this.finished;
  }

  private async close(): Promise<void> {
    this.resume();
    this.closed = true;
    this.wakeSlot?.();
    for (const view of this.steps.values()) {
      view.end({ kind: 'skip', title: `${view.title} (not finished)`, reason: 'not finished' });
    }
    this.closeNotes();
    await this.running;
    if (this.end) this.options.stream.write(summaryLine(this.end) + '\n');
  }

  private list(): Listr<Context, typeof PausableDefaultRenderer, typeof SimpleRenderer> {
    const logger = new ListrLogger({ processOutput: processOutputFor(this.options.stream) });
    const terminal = pausableRendererClass((renderer) => (this.terminal = renderer));
    return new Listr<Context, typeof PausableDefaultRenderer, typeof SimpleRenderer>(
      [this.slot(), this.notesTask()],
      {
        ...listOptions(),
        // odin handles SIGINT itself: it must undo a deploy, not exit mid-way as listr2 would.
        registerSignalListeners: false,
        renderer:
          this.options.mode === 'simple'
            ? (SimpleRenderer as unknown as typeof PausableDefaultRenderer)
            : terminal,
        // Titles carry the reason and the error, so listr2 must not swap them for its messages.
        rendererOptions: { logger, collapseSubtasks: false, showErrorMessage: false, showSkipMessage: false },
        fallbackRenderer: SimpleRenderer,
        fallbackRendererOptions: { logger },
      },
    );
  }

  private slot(): Task {
    return {
      task: async (_ctx, wrapper) => {
        while (this.waiting.length === 0 && !this.closed) {
          await new Promise<void>((resolve) => (this.wakeSlot = resolve));
        }
        if (this.waiting.length === 0) return;
        const started = this.waiting.splice(0);
        return wrapper.newListr([...started.map((step) => step.task()), this.slot()], listOptions());
      },
    };
  }

  private notesTask(): Task {
    return {
      task: async (_ctx, wrapper) => {
        this.notes = wrapper;
        for (const line of this.pendingNotes.splice(0)) wrapper.output = line;
        await this.notesClosed;
      },
      rendererOptions: { bottomBar: Infinity, persistentOutput: true },
    };
  }

  private apply(event: OdinEvent): void {
    switch (event.type) {
      case 'step.start':
        this.open(event.step, event.title);
        return;
      case 'step.progress':
        this.steps.get(event.step)?.progress(event.detail);
        return;
      case 'step.done':
        this.view(event.step, event.title).end({
          kind: 'done',
          title: `${event.title} (${formatElapsed(event.durationMs)})`,
        });
        return;
      case 'step.fail':
        this.view(event.step, event.title).end({
          kind: 'fail',
          title: `${event.title} failed: ${event.error.message}`,
          message: event.error.message,
        });
        return;
      case 'step.skip':
        this.view(event.step, event.title).end({
          kind: 'skip',
          title: `${event.title} (skipped: ${event.reason})`,
          reason: event.reason,
        });
        return;
      case 'log':
        if (event.level !== 'debug' || this.options.debug) this.note(logLine(event));
        return;
      case 'run.end':
        this.end = event;
        return;
      case 'run.start':
        return;
    }
  }

  private open(step: string, title: string): StepView {
    const view = new StepView(title);
    this.steps.set(step, view);
    this.waiting.push(view);
    this.wakeSlot?.();
    return view;
  }

  /** The view of a step, opened on the spot for a done/fail/skip that had no step.start. */
  private view(step: string, title: string): StepView {
    return this.steps.get(step) ?? this.open(step, title);
  }

  private note(line: string): void {
    if (this.notes) this.notes.output = line;
    else this.pendingNotes.push(line);
  }
}

/** A listr2 task list on a terminal, drawn from events as they arrive. */
export function createListr2Renderer(options: Listr2RendererOptions): Renderer {
  return new Listr2EventRenderer(options);
}

function listOptions(): { concurrent: true; exitOnError: false } {
  // Steps may overlap, and one failed step must not hide what the others do next (the undo).
  return { concurrent: true, exitOnError: false };
}

function processOutputFor(stream: OutputStream): ProcessOutput {
  const target = stream as NodeJS.WriteStream;
  return new ProcessOutput(target, target);
}

function logLine(event: LogEvent): string {
  const mark =
    event.level === 'warn'
      ? UNICODE_SYMBOLS.warn
      : event.level === 'error'
        ? UNICODE_SYMBOLS.error
        : UNICODE_SYMBOLS.info;
  return `${mark} ${event.message}`;
}

function summaryLine(event: RunEndEvent): string {
  const mark = event.exitCode === 0 ? UNICODE_SYMBOLS.done : UNICODE_SYMBOLS.fail;
  const exit = event.exitCode === 0 ? '' : ` (exit ${event.exitCode})`;
  return `${mark} ${event.summary} in ${formatElapsed(event.durationMs)}${exit}`;
}
