const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML and SVG, both between tags and inside quoted attributes, so a class or file named
 * `<script>` or `a"b` is shown as written and never becomes markup.
 */
export function escapeHtml(text: string): string {
  // String() because reports are built from JSON too, where a "name" may turn out to be a number.
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
