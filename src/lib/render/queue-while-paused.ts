import type { EventSink, OdinEvent } from '../events/event.js';
import type { Renderer } from './renderer.js';

/**
 * The pause/resume/finish plumbing shared by the line renderers: events that arrive while a
 * prompt owns the terminal are queued and drawn, in order, on resume.
 */
export function lineRenderer(draw: (event: OdinEvent) => void): Renderer {
  let paused = false;
  let queue: OdinEvent[] = [];
  const safeDraw = (event: OdinEvent): void => {
    try {
      draw(event);
    } catch {
      // Drawing must never break a deploy; a lost progress line is the lesser harm.
    }
  };
  const sink: EventSink = (event) => {
    if (paused) queue.push(event);
    else safeDraw(event);
  };
  const flush = (): void => {
    const pending = queue;
    queue = [];
    for (const event of pending) safeDraw(event);
  };
  return {
    sink,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      flush();
    },
    finish: async () => {
      paused = false;
      flush();
    },
  };
}
