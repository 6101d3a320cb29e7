/**
 * Just enough HTML form reading for `completeAuthorization`: the sandbox's own pages are simple and
 * well-formed, so a few regular expressions do (this is not a general HTML parser).
 */

export interface FormControl {
  tag: 'input' | 'button';
  type: string;
  name: string;
  value: string;
  checked: boolean;
}

export interface HtmlForm {
  method: string;
  action: string;
  controls: FormControl[];
}

export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const controls: FormControl[] = [];
    for (const control of (match[2] ?? '').matchAll(/<(input|button)\b([^>]*)>/gi)) {
      const tag = (control[1] ?? '').toLowerCase() as FormControl['tag'];
      const attrs = parseAttributes(control[2] ?? '');
      controls.push({
        tag,
        type: (attrs.get('type') ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase(),
        name: attrs.get('name') ?? '',
        value: attrs.get('value') ?? (attrs.get('type') === 'checkbox' ? 'on' : ''),
        checked: attrs.has('checked'),
      });
    }
    forms.push({ method: (attributes.get('method') ?? 'get').toLowerCase(), action: attributes.get('action') ?? '', controls });
  }
  return forms;
}

/** The text of the page's `role="alert"` message, if any (how the sandbox reports form errors). */
export function alertText(html: string): string | undefined {
  const match = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\/[^>]+>/i.exec(html);
  return match ? decodeEntities((match[1] ?? '').replace(/<[^>]*>/g, '')).trim() : undefined;
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase();
    attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}
