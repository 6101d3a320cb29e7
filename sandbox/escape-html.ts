/**
 * HTML escaping for the sandbox's hand-written pages (text and quoted attribute values). The sandbox
 * stands in for HealthEx and is published on its own, so it takes nothing from the connect service.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
