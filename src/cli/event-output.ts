import type { EventSink, OdinEvent } from '../lib/events/event.js';
import { createRenderer, type CreateRendererOptions } from '../lib/render/create-renderer.js';
import { createPlainRenderer } from '../lib/render/plain-renderer.js';
import type { Renderer } from '../lib/render/renderer.js';

/**
 * A synchronous EventSink in front of a renderer that loads asynchronously (listr2 is imported
 * only when drawn). Events that arrive before it is ready are replayed in order.
 */
export class EventOutput {
  private renderer?: Renderer;
  private queue: OdinEvent[] = [];
  private readonly ready: Promise<Renderer>;
  private finished?: Promise<void>;

  constructor(options: CreateRendererOptions) {
    this.ready = createRenderer(options)
      .catch(() => createPlainRenderer({ stream: options.stream ?? process.stderr, ascii: true }))
      .then((renderer) => {
        this.renderer = renderer;
        for (const event of this.queue) renderer.sink(event);
        this.queue = [];
        return renderer;
      });
  }

  /** The sink to hand to domain code. */
  readonly sink: EventSink = (event) => {
    if (this.renderer) this.renderer.sink(event);
    else this.queue.push(event);
  };

  /** Hands the terminal over (to a prompt) until `resume()`. */
  async pause(): Promise<void> {
    (await this.ready).pause();
  }

  /** Takes the terminal back and draws what was queued meanwhile. */
  async resume(): Promise<void> {
    (await this.ready).resume();
  }

  /** Draws what is left and releases the terminal; later calls wait for the first. */
  finish(): Promise<void> {
    this.finished ??= this.ready.then((renderer) => renderer.finish());
    return this.finished;
  }
}
