const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text made safe to place in HTML, in an element or a quoted attribute. Pages use the `html` template of
 * src/views/html.ts, which calls this for every value; services and mail call it for the HTML they build.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => escapes[character] ?? character);
}
