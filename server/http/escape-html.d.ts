/**
 * The one HTML escaper: text and attribute values (quoted) in the pages we write by hand, here and
 * in the demo (the sandbox's pages, the demo sites). Numeric references, so the output is the same
 * in text and in attributes.
 */
export declare function escapeHtml(text: string): string;
