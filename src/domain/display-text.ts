/**
 * One-line text that people read on pages, in emails and in a terminal: names and titles. Such text comes
 * from strangers (a form, an email header, a snippet), and some characters in it do harm there without
 * meaning anything: C0 and C1 control characters (a terminal runs ESC sequences), and the bidi overrides
 * and isolates U+202A–U+202E and U+2066–U+2069 (they reorder what follows, so "gpj.exe" reads as
 * "exe.jpg"). A lone UTF-16 surrogate is no character at all. None of them is kept.
 */

/** Line breaks and tabs: they separate words, so they become a space. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Every other C0 and C1 control, DEL, the bidi overrides and isolates, and lone surrogates. */
const INVISIBLE =
  // Control characters are what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A name or title as it may be shown: control characters, bidi overrides and lone surrogates left out,
 * line breaks and runs of spaces made one space, and the ends trimmed.
 *
 * @example
 * cleanLine('  Jane\u202e Doe\x1b[31m \n Smith '); // 'Jane Doe[31m Smith'
 */
export function cleanLine(text: string): string {
  return text.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}
