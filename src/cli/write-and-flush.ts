/** A stream that reports when a write has been handed to the operating system. */
export interface FlushableStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Writes and waits until the chunk has left the process, so an exit right after it cannot cut
 * the output short (stdout to a pipe is asynchronous on some platforms).
 */
export function writeAndFlush(stream: FlushableStream, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(chunk, () => resolve());
  });
}
