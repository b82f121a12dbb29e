import type { ReviewRow } from '../store/schema.js';

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

export interface PublicReply {
  text: string;
  /** ISO 8601. */
  repliedAt: string;
}

/** The business's public reply under a review, as every API and webhook shows it. */
export function publicReplyOf(
  row: Pick<ReviewRow, 'reply_text' | 'replied_at' | 'updated_at'>,
): PublicReply | null {
  return row.reply_text === null
    ? null
    : { text: row.reply_text, repliedAt: iso(row.replied_at ?? row.updated_at) };
}
