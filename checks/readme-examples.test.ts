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

describe('the root README’s framework examples are the apps `npm run test:frameworks` type-checks, builds and runs', () => {
  const apps = [
    ['React (client-rendered)', 'react-jsx', 'release/frameworks/apps/react-vite/src/RecordsPage.tsx'],
    ['Next.js page', '// app/page.tsx', 'release/frameworks/apps/nextjs/app/page.tsx'],
    ['Next.js client panel', '// app/records-panel.tsx', 'release/frameworks/apps/nextjs/app/records-panel.tsx'],
  ] as const;
  for (const [name, marker, path] of apps) {
    it(`${name}: the README's block is ${path}, word for word`, async () => {
      const blocks = (await codeBlocks('README.md', 'tsx')).filter((block) => block.includes(marker));
      expect(blocks, `one tsx block with ${marker}`).toHaveLength(1);
      const file = await readFile(new URL(`../${path}`, import.meta.url), 'utf8');
      // The README may open with the file's name as a comment line; the rest is the file.
      const body = blocks[0]!.replace(/^\/\/ app\/[\w-]+\.tsx — .*\n/, '').trim();
      expect(file).toContain(body);
    });
  }
});
