/** What every service's presenter needs: times as ISO 8601 text, and stored JSON read back leniently. */

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The JSON a column holds, or `fallback` when it holds none that parses. */
export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
