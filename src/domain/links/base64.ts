const EQUALS_SIGN = 61;

/**
 * Decodes standard base64 (RFC 4648 §4, with `=` padding) and refuses every other spelling. Node's own
 * decoder reads `-` and `_` as URL-safe base64 and skips any other foreign character; a skipped
 * character always leaves fewer bytes than the text's length promises, so comparing lengths catches it
 * without re-encoding (which would double the cost on the verification path).
 */
export function decodeStandardBase64(text: string): Buffer | undefined {
  const length = text.length;
  if (length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const padding =
    length === 0 || text.charCodeAt(length - 1) !== EQUALS_SIGN
      ? 0
      : text.charCodeAt(length - 2) === EQUALS_SIGN
        ? 2
        : 1;
  return bytes.length === (length / 4) * 3 - padding ? bytes : undefined;
}

/**
 * Decodes the spellings people produce by mistake: the URL-safe alphabet, missing padding, embedded
 * whitespace. Only the doctor uses this, to read a link far enough to explain it.
 */
export function decodeLenientBase64(text: string): Buffer | undefined {
  const standard = text.replace(/\s+/g, '').replaceAll('-', '+').replaceAll('_', '/');
  const padded = standard.length % 4 === 0 ? standard : standard + '='.repeat(4 - (standard.length % 4));
  return decodeStandardBase64(padded);
}
