/**
 * @web/test-runner plugin: the root README's TypeScript blocks as modules, taken from README.md's
 * text on every request (so a test runs what the README says, never a copy):
 * `/readme-snippets/<n>.ts` is the README's n-th ```ts block. In those modules the package name
 * `healthex-connect` means the npm entry's source, widget/index.ts (what a Salus bundler resolves).
 */
import { readFile } from 'node:fs/promises';

const PREFIX = '/readme-snippets/';

export function readmeSnippetsPlugin() {
  return {
    name: 'readme-snippets',
    async serve(context) {
      const match = new RegExp(`^${PREFIX}(\\d+)\\.ts$`).exec(context.path);
      if (!match) return undefined;
      const markdown = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
      const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((block) => block[1]);
      const body = blocks[Number(match[1])];
      return body === undefined ? { body: 'throw new Error("no such README block")', type: 'js' } : { body, type: 'ts' };
    },
    resolveImport({ source, context }) {
      return source === 'healthex-connect' && context.path.startsWith(PREFIX) ? '/widget/index.ts' : undefined;
    },
  };
}
