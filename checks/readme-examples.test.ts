import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/** The fenced blocks of `language` in a markdown file. */
async function codeBlocks(path: string, language: string): Promise<string[]> {
  const markdown = await readFile(new URL(`../${path}`, import.meta.url), 'utf8');
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}

describe('README TypeScript examples are the compiled files, word for word', () => {
  it('widget/README.md’s bundled-page example is widget/examples/token-provider.ts after its import line (typechecked, run in widget/readme-examples.test.ts)', async () => {
    const [example] = await codeBlocks('widget/README.md', 'ts');
    const file = await readFile(new URL('../widget/examples/token-provider.ts', import.meta.url), 'utf8');
    const body = example!.split('\n').slice(1).join('\n').trim();
    expect(file).toContain(body);
    expect(body).toContain("fetch('/api/connect-token', { method: 'POST' })");
    expect(body).toContain('{ token: string }');
  });
});
