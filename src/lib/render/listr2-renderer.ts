import {
  DefaultRenderer,
  Listr,
  ListrLogger,
  ProcessOutput,
  SimpleRenderer,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';

import type { LogEvent, OdinEvent, RunEndEvent } from '../events/event.js';
import { formatElapsed } from './format-elapsed.js';
import type { OutputStream, Renderer } from './renderer.js';
import { UNICODE_SYMBOLS } from './symbols.js';

/** Options of the terminal task list. */
export interface Listr2RendererOptions {
  stream: OutputStream;
  /** Also show debug-level log lines. */
  debug?: boolean;
  /** `simple` draws one line per change instead of redrawing; for tests and odd terminals. */
  mode?: 'default' | 'simple';
}

/**
 * listr2 decides whether it may redraw by looking at process.stdout; odin draws on stderr and
 * keeps stdout for `--json`, so the choice is made by createRenderer instead.
 */
class StderrDefaultRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

type Context = Record<string, never>;
type Wrapper = ListrTaskWrapper<Context, typeof StderrDefaultRenderer, typeof SimpleRenderer>;
type Task = ListrTask<Context, typeof StderrDefaultRenderer, typeof SimpleRenderer>;
type StepEnd =
  { kind: 'done'; title: string } | { kind: 'fail'; message: string } | { kind: 'skip'; message: string };

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
    if (end.kind === 'skip') wrapper.skip(end.message);
    else if (end.kind === 'done') wrapper.title = end.title;
    else {
      wrapper.title = end.message;
      throw new Error(end.message);
    }
  }
}

/**
 * A listr2 task list fed by a stream of events. listr2 wants its tasks up front, but steps are
 * only known as they start, so the list grows through "slots": an untitled task that waits for
 * the next step.start and then returns that step plus a fresh slot as subtasks. Untitled tasks
 * add no indentation, so the list still reads flat.
 */
export function createListr2Renderer(options: Listr2RendererOptions): Renderer {
  const steps = new Map<string, StepView>();
  let waiting: StepView[] = [];
  let wakeSlot: (() => void) | undefined;
  let closed = false;
  let notes: Wrapper | undefined;
  const pendingNotes: string[] = [];
  let closeNotes: () => void = () => {};
  const notesClosed = new Promise<void>((resolve) => (closeNotes = resolve));
  let end: RunEndEvent | undefined;

  const slot = (): Task => ({
    task: async (_ctx, wrapper) => {
      while (waiting.length === 0 && !closed) await new Promise<void>((resolve) => (wakeSlot = resolve));
      if (waiting.length === 0) return;
      const started = waiting;
      waiting = [];
      return wrapper.newListr([...started.map((step) => step.task()), slot()], listOptions());
    },
  });

  const notesTask = (): Task => ({
    task: async (_ctx, wrapper) => {
      notes = wrapper;
      for (const line of pendingNotes.splice(0)) wrapper.output = line;
      await notesClosed;
    },
    rendererOptions: { bottomBar: Infinity, persistentOutput: true },
  });

  const logger = new ListrLogger({ processOutput: processOutputFor(options.stream) });
  const list = new Listr<Context, typeof StderrDefaultRenderer, typeof SimpleRenderer>(
    [slot(), notesTask()],
    {
      ...listOptions(),
      registerSignalListeners: false,
      renderer:
        options.mode === 'simple'
          ? (SimpleRenderer as unknown as typeof StderrDefaultRenderer)
          : StderrDefaultRenderer,
      rendererOptions: { logger, collapseSubtasks: false, showErrorMessage: true },
      fallbackRenderer: SimpleRenderer,
      fallbackRendererOptions: { logger },
    },
  );
  const running = list.run().catch(() => undefined);

  const open = (step: string, title: string): StepView => {
    const view = new StepView(title);
    steps.set(step, view);
    waiting.push(view);
    wakeSlot?.();
    return view;
  };
  const note = (line: string): void => {
    if (notes) notes.output = line;
    else pendingNotes.push(line);
  };

  const sink = (event: OdinEvent): void => {
    try {
      apply(event);
    } catch {
      // Drawing must never break a deploy; a lost progress line is the lesser harm.
    }
  };
  const apply = (event: OdinEvent): void => {
    switch (event.type) {
      case 'step.start':
        open(event.step, event.title);
        return;
      case 'step.progress':
        steps.get(event.step)?.progress(event.detail);
        return;
      case 'step.done':
        (steps.get(event.step) ?? open(event.step, event.title)).end({
          kind: 'done',
          title: `${event.title} (${formatElapsed(event.durationMs)})`,
        });
        return;
      case 'step.fail':
        (steps.get(event.step) ?? open(event.step, event.title)).end({
          kind: 'fail',
          message: `${event.title} failed: ${event.error.message}`,
        });
        return;
      case 'step.skip':
        (steps.get(event.step) ?? open(event.step, event.title)).end({
          kind: 'skip',
          message: `${event.title} (skipped: ${event.reason})`,
        });
        return;
      case 'log':
        if (event.level !== 'debug' || options.debug) note(logLine(event));
        return;
      case 'run.end':
        end = event;
        return;
      case 'run.start':
        return;
    }
  };

  let finished: Promise<void> | undefined;
  const finish = async (): Promise<void> => {
    closed = true;
    wakeSlot?.();
    for (const view of steps.values()) view.end({ kind: 'skip', message: `${view.title} (not finished)` });
    closeNotes();
    await running;
    if (end) options.stream.write(summaryLine(end) + '\n');
  };

  return {
    sink,
    // The task list is redrawn on a timer; a prompt is asked before the list starts or after it
    // ends (see OdinCommand.withTerminal), so pausing only needs to stop applying changes.
    pause: () => {},
    resume: () => {},
    finish: () => (finished ??= finish()),
  };
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
