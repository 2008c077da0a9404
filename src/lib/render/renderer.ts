import type { EventSink } from '../events/event.js';

/** Where a renderer writes: stderr in the CLI, a buffer in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Draws OdinEvents. Exactly one renderer owns the terminal at a time: `pause()` hands it over
 * (to a confirmation prompt, say) and queues events until `resume()`.
 */
export interface Renderer {
  /** Accepts events; never throws, since the domain must not fail because drawing did. */
  readonly sink: EventSink;
  /** Stops drawing and queues events, so a prompt can use the terminal undisturbed. */
  pause(): void;
  /** Draws the queued events and carries on drawing. */
  resume(): void;
  /** Draws whatever is left and releases the terminal; safe to call more than once. */
  finish(): Promise<void>;
}
