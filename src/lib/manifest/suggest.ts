/** Edit distance (optimal string alignment: insert, delete, substitute, swap neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The candidates a typo most likely meant (several when equally close); empty when none is close enough. */
export function closestMatches(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const scored = candidates.map((candidate) => ({
    candidate,
    distance: editDistance(lower, candidate.toLowerCase()),
  }));
  const best = Math.min(...scored.map((s) => s.distance));
  const allowed = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  if (best > allowed) return [];
  return scored.filter((s) => s.distance === best).map((s) => s.candidate);
}

/** "did you mean `x`?" when a candidate is close, else the list of what is allowed. */
export function suggestionHint(word: string, candidates: readonly string[], noun = 'keys'): string {
  const matches = closestMatches(word, candidates);
  if (matches.length > 0) return `did you mean ${matches.map((m) => `\`${m}\``).join(' or ')}?`;
  return `allowed ${noun}: ${candidates.join(', ')}`;
}
