/**
 * Waits for independent calls sent at the same time, and only once every one has ended throws
 * the first failure. Unlike Promise.all it leaves nothing in flight behind a failure: a failed
 * deploy is undone next, and the undo must not race a write that is still on its way.
 */
export async function together<T extends readonly unknown[] | []>(
  work: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled: Array<PromiseSettledResult<unknown>> = await Promise.allSettled(work as readonly unknown[]);
  const values: unknown[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as { -readonly [K in keyof T]: Awaited<T[K]> };
}
