/**
 * Reads the sandbox's HTML forms for `completeAuthorization` (a test and benchmark client filling
 * them in like a browser would), with a real HTML parser (parse5): attributes, entities and nesting
 * are read exactly as a browser reads them.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

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

const isElement = (node: Node): node is Element => 'tagName' in node;
const attribute = (element: Element, name: string): string | undefined => element.attrs.find((attr) => attr.name === name)?.value;

/** Every element under `node`, in document order. */
function* elementsIn(node: Node): Generator<Element> {
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) {
    if (!isElement(child)) continue;
    yield child;
    yield* elementsIn(child);
  }
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const form of elementsIn(parse(html))) {
    if (form.tagName !== 'form') continue;
    const controls: FormControl[] = [];
    for (const control of elementsIn(form)) {
      if (control.tagName !== 'input' && control.tagName !== 'button') continue;
      const type = attribute(control, 'type');
      controls.push({
        tag: control.tagName,
        type: (type ?? (control.tagName === 'button' ? 'submit' : 'text')).toLowerCase(),
        name: attribute(control, 'name') ?? '',
        value: attribute(control, 'value') ?? (type === 'checkbox' ? 'on' : ''),
        checked: attribute(control, 'checked') !== undefined,
      });
    }
    forms.push({ method: (attribute(form, 'method') ?? 'get').toLowerCase(), action: attribute(form, 'action') ?? '', controls });
  }
  return forms;
}

/** The text of the page's `role="alert"` message, if any (how the sandbox reports form errors). */
export function alertText(html: string): string | undefined {
  for (const element of elementsIn(parse(html))) {
    if (attribute(element, 'role') === 'alert') return textOf(element).trim();
  }
  return undefined;
}
