import { ExitCode, InterruptedError } from '../lib/errors/index.js';

/** An AbortSignal tied to SIGINT/SIGTERM, and the means to stop listening. */
export interface InterruptHandle {
  signal: AbortSignal;
  dispose(): void;
}

/** The slice of `process` this needs, so tests can send fake signals. */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): never;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The first SIGINT/SIGTERM aborts the signal with an InterruptedError so the domain can undo
 * what it started (a half-made fleet must not be left behind); a second one means the user
 * insists, and the process exits 130 at once.
 */
export function listenForInterrupt(source: SignalSource = process): InterruptHandle {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      source.exit(ExitCode.Interrupted);
      return;
    }
    controller.abort(new InterruptedError(`Interrupted by ${signal}; undoing what was started`));
  };
  for (const name of SIGNALS) source.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) source.off(name, onSignal);
    },
  };
}
