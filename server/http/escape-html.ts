/**
 * The service's HTML escaper: text and attribute values (quoted) in the pages it writes by hand.
 * Numeric references, so the output is the same in text and in attributes.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
