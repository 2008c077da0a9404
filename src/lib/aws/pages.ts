/**
 * Follows a NextToken-style pagination to the end: `page(token)` fetches one page and returns
 * its items and the next token (undefined or empty when done).
 */
export async function collectPages<T>(
  page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    all.push(...items);
    token = next || undefined;
  } while (token);
  return all;
}

/** Splits a list into chunks of at most `size`, for APIs that cap how many names one call takes. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
